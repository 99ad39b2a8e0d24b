using System.Text;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Report;

/// <summary>
/// BENCHMARKS.md: the machine, the date and the command, then one section per item in order. Under each
/// section go the notes in bench/notes/&lt;item&gt;.md, written by hand from what a run showed (where the time
/// or the bytes go, what would close a gap); the figures above them are always the latest run's.
/// </summary>
public sealed class BenchmarkReport(DateTimeOffset started, string command)
{
    readonly List<Section> sections = [];
    readonly List<(int Item, string Load)> loads = [];

    /// <summary>Adds an item's section, noting the machine's load as the item finished.</summary>
    public void Add(int item, Section section)
    {
        sections.Add(section);
        loads.Add((item, File.ReadAllText("/proc/loadavg").Split(' ')[0]));
    }

    public void Write(string path, Machine machine, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Written by `bench/run.sh`; do not edit by hand (notes under each section come from `bench/notes/`).");
        text.AppendLine("Every figure comes from one run, peers beside ours, so ratios hold on a noisy machine. Figures are");
        text.AppendLine("reported, never asserted: no test fails on them.");
        text.AppendLine();
        text.AppendLine($"- **Date:** {started:yyyy-MM-dd HH:mm zzz}");
        text.AppendLine($"- **Command:** `{command}` (took {took:mm\\:ss})");
        foreach (var (name, value) in machine.Facts) text.AppendLine($"- **{name}:** {value}");
        text.AppendLine($"- **Load:** 1-minute load average as each item finished: {string.Join(", ", loads.OrderBy(l => l.Item).Select(l => $"item {l.Item}: {l.Load}"))} " +
            "(above 2, other processes were competing for the two cores; CPU-time figures hold regardless, wall-clock ones do not)");
        text.AppendLine();
        foreach (var section in sections.OrderBy(s => s.Item))
        {
            text.AppendLine($"## {section.Item}. {section.Title}");
            text.AppendLine();
            text.AppendLine(section.Body.TrimEnd());
            text.AppendLine();
            var notes = Path.Combine(RepoPaths.Root, "bench", "notes", $"{section.Item}.md");
            if (File.Exists(notes))
            {
                text.AppendLine(File.ReadAllText(notes).TrimEnd());
                text.AppendLine();
            }
        }
        File.WriteAllText(path, text.ToString());
    }
}
