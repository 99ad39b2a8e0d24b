namespace Hindsight.Server.Benchmark;

/// <summary>Section "Hindsight:Benchmark": switches that exist only for bench/, all off by default.</summary>
public sealed class BenchmarkOptions
{
    public const string Section = "Hindsight:Benchmark";

    /// <summary>Maps POST /bench/discard, the ingestion benchmark's ceiling.</summary>
    public bool CeilingEndpoint { get; set; }
}
