namespace Hindsight.Bench.Report;

/// <summary>One numbered item of BENCHMARKS.md, its body already in Markdown.</summary>
public sealed record Section(int Item, string Title, string Body);
