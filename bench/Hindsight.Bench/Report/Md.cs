using System.Globalization;
using System.Text;

namespace Hindsight.Bench.Report;

/// <summary>Markdown pieces and the number formats every figure in BENCHMARKS.md uses.</summary>
public static class Md
{
    static readonly CultureInfo En = CultureInfo.InvariantCulture;

    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select((_, i) => i == 0 ? "---|" : "---:|")));
        foreach (var row in rows) text.AppendLine("| " + string.Join(" | ", row) + " |");
        return text.ToString();
    }

    public static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms >= 100 ? $"{ms.ToString("N0", En)} ms" : $"{ms.ToString("0.0", En)} ms";

    /// <summary>A difference in milliseconds, always signed: "+52.2 ms", "−4.1 ms".</summary>
    public static string MsDelta(double ms) => double.IsNaN(ms) ? "–" : (ms < 0 ? "−" : "+") + Ms(Math.Abs(ms));

    public static string Kb(double bytes) => $"{(bytes / 1000).ToString(bytes >= 100_000 ? "N0" : "0.0", En)} kB";

    public static string Num(double value, string format = "N0") => value.ToString(format, En);

    /// <summary>A ratio as "×0.62".</summary>
    public static string Ratio(double ratio) => double.IsFinite(ratio) ? $"×{ratio.ToString(ratio >= 10 ? "0" : "0.00", En)}" : "–";

    /// <summary>
    /// "met" or "missed", the figure against the goal, and the margin: "**met**: 8.4 kB ≤ 12.0 kB (30 % under)",
    /// "**missed**: 57.9 kB, goal ≤ 26.9 kB (115 % over)".
    /// </summary>
    public static string Verdict(double value, double goal, Func<double, string> format, bool lowerIsBetter = true)
    {
        if (double.IsNaN(value) || double.IsNaN(goal)) return "not measured";
        var met = lowerIsBetter ? value <= goal : value >= goal;
        var margin = goal == 0 ? "" : $" ({Math.Abs(value / goal - 1) * 100:0} % {(value <= goal ? "under" : "over")})";
        var sign = lowerIsBetter ? "≤" : "≥";
        return met ? $"**met**: {format(value)} {sign} {format(goal)}{margin}" : $"**missed**: {format(value)}, goal {sign} {format(goal)}{margin}";
    }
}
