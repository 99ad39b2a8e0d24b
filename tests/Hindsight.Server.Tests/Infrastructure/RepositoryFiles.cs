namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>Files of the repository the tests run from (docs, shared tables, sources the docs must cover).</summary>
public static class RepositoryFiles
{
    /// <summary>The folder holding Hindsight.slnx, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Hindsight.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The tests must run inside the repository: no Hindsight.slnx above " + AppContext.BaseDirectory);
    }
}
