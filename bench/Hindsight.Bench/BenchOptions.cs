using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench;

public sealed record BenchOptions(IReadOnlySet<int>? Only, int Repetitions, string OutputPath, string Command, string? Profile, string? BodiesFolder)
{
    public bool Runs(int item) => Only is null || Only.Contains(item);

    public static BenchOptions Parse(string[] args)
    {
        HashSet<int>? only = null;
        var repetitions = 5;
        var output = Path.Combine(RepoPaths.Root, "BENCHMARKS.md");
        string? profile = null, bodies = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--only": only = args[++i].Split(',').Select(int.Parse).ToHashSet(); break;
                case "--reps": repetitions = int.Parse(args[++i]); break;
                case "--out": output = Path.GetFullPath(args[++i]); break;
                case "--profile": profile = args[++i]; break;
                case "--bodies": bodies = Path.GetFullPath(args[++i]); break;
                default: throw new ArgumentException($"Unknown option {args[i]}; see bench/Hindsight.Bench/Program.cs.");
            }
        }
        return new BenchOptions(only, repetitions, output, string.Join(' ', ["bench/run.sh", .. args]), profile, bodies);
    }
}
