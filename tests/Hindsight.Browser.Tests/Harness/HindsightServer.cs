using System.Diagnostics;
using System.Text;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// A real Hindsight server process on 127.0.0.1 with its own data folder: what a site and a teammate see.
/// It can be killed (SIGKILL) and started again on the same data, as a crash or a deploy would do.
/// </summary>
public sealed class HindsightServer : IAsyncDisposable
{
    public const string AdminEmail = "admin@tests.hindsight";
    public const string AdminPassword = "correct horse battery staple";

    readonly StringBuilder output = new();
    readonly Dictionary<string, string> environment;
    readonly IReadOnlyList<string> launcher;
    Process? process;

    HindsightServer(string token, IDictionary<string, string>? extraEnvironment, IReadOnlyList<string>? launcher)
    {
        Token = token;
        this.launcher = launcher ?? [];
        Port = FreePort.Next();
        DataPath = Directory.CreateTempSubdirectory("hindsight-test-").FullName;
        environment = new()
        {
            ["HINDSIGHT_DATA"] = DataPath,
            ["HINDSIGHT_ADMIN_EMAIL"] = AdminEmail,
            ["HINDSIGHT_ADMIN_PASSWORD"] = AdminPassword,
            ["HINDSIGHT_DEFAULT_PROJECT_TOKEN"] = token,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>()) environment[key] = value;
    }

    public string Token { get; }
    public int Port { get; }
    public string DataPath { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// A connection to the server's SQLite file, for what a test sets up or checks that no endpoint offers.
    /// Not pooled: a pooled handle would outlive the test and its data folder.
    /// </summary>
    public SqliteConnection OpenDatabase(bool readOnly = false) => new(new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(DataPath, "hindsight.db"),
        Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        DefaultTimeout = 10,
        Pooling = false,
    }.ToString());

    /// <summary>
    /// A read-only connection to the server's analytics store (DuckDB), only while the server is stopped:
    /// DuckDB lets one process at a time open the file while another writes it. Reading it replays the
    /// write-ahead log a SIGKILL left, as the server's next start would.
    /// </summary>
    public DuckDBConnection OpenAnalyticsStore()
    {
        if (process is { HasExited: false }) throw new InvalidOperationException("Stop the server (Kill) before opening its analytics store.");
        return new DuckDBConnection($"Data Source={Path.Combine(DataPath, "analytics.duckdb")};ACCESS_MODE=READ_ONLY");
    }

    /// <summary>The running process's id, for reading its CPU time (benchmarks).</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>Everything the process printed, for failure messages.</summary>
    public string Output { get { lock (output) return output.ToString(); } }

    /// <param name="launcher">A command the server runs under (strace and its options, say); none by default.</param>
    public static async Task<HindsightServer> StartAsync(string? token = null, IDictionary<string, string>? environment = null,
        IReadOnlyList<string>? launcher = null)
    {
        var server = new HindsightServer(token ?? Guid.NewGuid().ToString("N"), environment, launcher);
        await server.StartProcessAsync();
        return server;
    }

    public async Task StartProcessAsync()
    {
        string[] command = [.. launcher, "dotnet", RepoPaths.ServerDll, "--urls", Url];
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = RepoPaths.ServerProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilHealthyAsync();
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — the harshest way a server can stop.</summary>
    public void Kill()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async Task RestartAsync()
    {
        Kill();
        await StartProcessAsync();
    }

    async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync($"{Url}/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The server did not become healthy within 60 s:\n{Output}");
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
