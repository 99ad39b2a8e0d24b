using System.Runtime.InteropServices;
using Hindsight.Bench.Parts;

namespace Hindsight.Bench.Report;

/// <summary>The machine the figures were taken on, as the report states it.</summary>
public sealed record Machine(IReadOnlyList<(string Name, string Value)> Facts)
{
    public static async Task<Machine> DescribeAsync(BenchParts parts)
    {
        var cpu = Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = long.Parse(Read("/proc/meminfo").Split('\n').First(l => l.StartsWith("MemTotal")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        var os = Read("/etc/os-release").Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME="))?.Split('=', 2)[1].Trim('"') ?? RuntimeInformation.OSDescription;
        return new Machine(
        [
            ("CPU", $"{cpu}, {Environment.ProcessorCount} cores"),
            ("Memory", $"{memKb / 1024 / 1024.0:0.0} GiB"),
            ("OS", $"{os}, Linux {Read("/proc/sys/kernel/osrelease").Trim()}"),
            ("Disk (server data)", LastLine(await Shell.RunAsync("df", "-h", "--output=fstype,size", parts.Server.DataPath))),
            ("Chromium", $"{parts.ChromiumVersion} (Debian's, headless)"),
            (".NET", RuntimeInformation.FrameworkDescription),
            ("Node.js", await Shell.RunAsync("node", "--version")),
            ("Hindsight", Versions.Hindsight),
        ]);
    }

    static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    static string LastLine(string text) => string.Join(' ', text.Split('\n').Last().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
