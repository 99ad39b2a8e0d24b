namespace Hindsight.Browser.Tests.Harness;

/// <summary>Where the pieces under test live, found from the test assembly's own location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ServerProject => Path.Combine(Root, "src", "Hindsight.Server");

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>The server build of the same configuration as this test assembly (Debug or Release).</summary>
    public static string ServerDll
    {
        get
        {
            // The test assembly sits in bin/<configuration>/<framework>/.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(ServerProject, "bin", configuration, "net10.0", "Hindsight.Server.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first (dotnet build).", dll);
        }
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Hindsight.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Hindsight.slnx not found above the test assembly.");
    }
}
