using System.Text.Json.Nodes;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Parts;

/// <summary>Versions as installed, for the report: the peers from node_modules, ours from sdk/ and git.</summary>
public static class Versions
{
    public static string OfPackage(string name) =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.NodeModules, name, "package.json")))!["version"]!;

    public static string Hindsight { get; } = $"{OfSdk()} ({Shell.Run("git", "rev-parse", "--short", "HEAD")})";

    static string OfSdk() => (string)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "sdk", "package.json")))!["version"]!;
}
