using System.Diagnostics;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Parts;

/// <summary>Runs a command in the repository's root and returns what it printed, trimmed; "unknown" when it failed.</summary>
public static class Shell
{
    public static async Task<string> RunAsync(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.Trim() : "unknown";
    }

    public static string Run(string command, params string[] args) => RunAsync(command, args).GetAwaiter().GetResult();
}
