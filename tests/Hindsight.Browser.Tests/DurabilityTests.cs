using System.Text.RegularExpressions;
using Dapper;
using Hindsight.Browser.Tests.Harness;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>
/// An acknowledged batch is durable: the reply is sent only after the blob and its row are written and
/// flushed. A SIGKILL proves the first half only — the kernel's page cache outlives the process, so bytes
/// never flushed still read back — and the system calls of a traced server prove the second.
/// </summary>
public sealed partial class DurabilityTests
{
    [Fact]
    public async Task Batches_acknowledged_with_200_survive_a_SIGKILL_right_after_the_reply()
    {
        await using var server = await HindsightServer.StartAsync();
        var replayId = $"durable-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        const int batches = 20;
        using (var api = new ServerApi(server))
        {
            for (var seq = 0; seq < batches; seq++)
            {
                var events = seq == 0 ? PlainPage(t0, "Durable") : Activity(t0 + seq * 1000, t0 + seq * 1000 + 900);
                var reply = await api.RecordAsync(replayId, seq, events.ToJsonString());
                Assert.Equal(200, (int)reply.StatusCode);
            }
        }
        server.Kill(); // at once after the last 200: no graceful shutdown, no chance to flush anything late

        await server.StartProcessAsync();
        using var after = new ServerApi(server);
        await after.LoginAsync();
        var replay = await after.ReplayAsync(replayId);
        Assert.Equal(batches, replay["chunks"]!.AsArray().Count);
        for (var seq = 0; seq < batches; seq++)
        {
            var events = await after.ChunkEventsAsync(replayId, seq);
            var expected = seq == 0 ? PlainPage(t0, "Durable") : Activity(t0 + seq * 1000, t0 + seq * 1000 + 900);
            Assert.Equal(expected.ToJsonString(), events.ToJsonString());
        }
    }

    /// <summary>
    /// Runs the server under strace and checks, for each acknowledged batch, that between reading its request
    /// and writing its reply the server wrote the batch's bytes to their segment file, fdatasynced (or fsynced)
    /// that file, then wrote the commit to SQLite's WAL and fsynced the WAL. A file system that is dropped
    /// without a sync (dm-flakey) would show the same, but needs device-mapper, and a loop device and mount
    /// per run; strace needs only ptrace.
    /// </summary>
    [Fact]
    public async Task Each_acknowledged_batch_is_flushed_to_disk_before_its_reply_is_sent()
    {
        Assert.True(File.Exists("/usr/bin/strace"), "strace is missing: scripts/test.sh installs Debian's strace.");
        var tracePath = Path.Combine(Path.GetTempPath(), $"hindsight-strace-{Guid.NewGuid():N}.txt");
        try
        {
            // --seccomp-bpf stops the server only at the traced calls; -yy names each descriptor's file or socket.
            await using var server = await HindsightServer.StartAsync(launcher: ["/usr/bin/strace", "-f", "--seccomp-bpf", "-yy", "-s", "120",
                "-e", "trace=pwrite64,pwritev,write,writev,fdatasync,fsync,sendto,sendmsg,recvfrom,recvmsg,read", "-o", tracePath]);
            var replayId = $"flushed-{Guid.NewGuid():N}";
            var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
            const int batches = 4;
            using (var api = new ServerApi(server))
            {
                for (var seq = 0; seq < batches; seq++)
                {
                    var events = seq == 0 ? PlainPage(t0, "Flushed") : Activity(t0 + seq * 1000, t0 + seq * 1000 + 900);
                    var reply = await api.RecordAsync(replayId, seq, events.ToJsonString());
                    Assert.Equal(200, (int)reply.StatusCode);
                }
            }

            var locators = await LocatorsAsync(server, replayId);
            var trace = await SyscallTrace.WaitForAsync(tracePath, t => t.Reply(replayId, batches - 1) is not null);
            for (var seq = 0; seq < batches; seq++) trace.AssertFlushedBeforeReply(replayId, seq, locators[seq], server.DataPath);
        }
        finally
        {
            File.Delete(tracePath);
        }
    }

    [Fact]
    public async Task Tracked_events_acknowledged_with_200_survive_a_SIGKILL_right_after_the_reply()
    {
        await using var server = await HindsightServer.StartAsync();
        var run = Guid.NewGuid().ToString("N");
        const int requests = 20;
        using (var api = new ServerApi(server))
        {
            for (var i = 0; i < requests; i++)
                Assert.Equal(200, (int)(await api.TrackAsync($"{run}-{i}", "durable-visitor", $"{run}-{i}-a", $"{run}-{i}-b")).StatusCode);
        }
        server.Kill();

        await using var store = server.OpenAnalyticsStore();
        await store.OpenAsync();
        Assert.Equal(2 * requests, await store.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM events WHERE insert_id LIKE $run || '-%'", new { run }));
    }

    /// <summary>
    /// As for /record: under strace, each acknowledged /track request's commit is written to the analytics
    /// store's write-ahead log and the log fsynced (or fdatasynced) between reading the request and writing
    /// its reply. DuckDB writes a transaction to the log only at its commit, so that write is the commit.
    /// </summary>
    [Fact]
    public async Task Each_acknowledged_track_request_is_committed_to_the_analytics_log_before_its_reply_is_sent()
    {
        Assert.True(File.Exists("/usr/bin/strace"), "strace is missing: scripts/test.sh installs Debian's strace.");
        var tracePath = Path.Combine(Path.GetTempPath(), $"hindsight-strace-{Guid.NewGuid():N}.txt");
        try
        {
            await using var server = await HindsightServer.StartAsync(launcher: ["/usr/bin/strace", "-f", "--seccomp-bpf", "-yy", "-s", "120",
                "-e", "trace=pwrite64,pwritev,write,writev,fdatasync,fsync,sendto,sendmsg,recvfrom,recvmsg,read", "-o", tracePath]);
            var run = Guid.NewGuid().ToString("N");
            const int requests = 4;
            using (var api = new ServerApi(server))
            {
                for (var i = 0; i < requests; i++)
                    Assert.Equal(200, (int)(await api.TrackAsync($"{run}-{i}", "traced-visitor", $"{run}-{i}")).StatusCode);
            }

            var trace = await SyscallTrace.WaitForAsync(tracePath, t => t.TrackReply($"{run}-{requests - 1}") is not null);
            for (var i = 0; i < requests; i++) trace.AssertLoggedBeforeReply($"{run}-{i}", server.DataPath);
        }
        finally
        {
            File.Delete(tracePath);
        }
    }

    static async Task<List<string>> LocatorsAsync(HindsightServer server, string replayId)
    {
        await using var db = server.OpenDatabase(readOnly: true);
        return (await db.QueryAsync<string>("SELECT blob_locator FROM replay_chunks WHERE replay_id = @replayId ORDER BY seq", new { replayId })).ToList();
    }

    /// <summary>
    /// The system calls strace wrote down, in the order they happened. A call another thread interrupted is
    /// split over two lines (<c>… &lt;unfinished ...&gt;</c>, <c>&lt;... name resumed&gt; …</c>): it starts at the
    /// first and ends at the second.
    /// </summary>
    sealed partial class SyscallTrace(List<SyscallTrace.Call> calls)
    {
        public int Count => calls.Count;

        public sealed record Call(int Pid, string Name, string Text, int Start, int End)
        {
            /// <summary>The first argument as strace -yy shows it: the descriptor with its path or socket.</summary>
            public string? Descriptor => DescriptorPattern().Match(Text) is { Success: true } m ? m.Groups[1].Value : null;
        }

        static readonly string[] Reads = ["recvfrom", "recvmsg", "read"];
        static readonly string[] Sends = ["sendto", "sendmsg", "write", "writev"];
        static readonly string[] Syncs = ["fdatasync", "fsync"];

        public static async Task<SyscallTrace> WaitForAsync(string path, Func<SyscallTrace, bool> until)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var trace = Parse(await ReadSharedAsync(path));
                if (until(trace)) return trace;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"strace's output never showed what was awaited ({trace.Count} calls).");
                await Task.Delay(100);
            }
        }

        static async Task<string[]> ReadSharedAsync(string path)
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return (await new StreamReader(file).ReadToEndAsync()).Split('\n');
        }

        static SyscallTrace Parse(string[] lines)
        {
            var calls = new List<Call>();
            var open = new Dictionary<int, (string Name, string Text, int Start)>();
            for (var i = 0; i < lines.Length; i++)
            {
                if (LinePattern().Match(lines[i]) is not { Success: true } line) continue;
                var pid = int.Parse(line.Groups[1].Value);
                var rest = line.Groups[2].Value;
                if (ResumedPattern().Match(rest) is { Success: true } resumed)
                {
                    if (open.Remove(pid, out var begun)) calls.Add(new Call(pid, begun.Name, begun.Text + resumed.Groups[2].Value, begun.Start, i));
                }
                else if (CallPattern().Match(rest) is { Success: true } call)
                {
                    var text = call.Groups[2].Value;
                    if (text.EndsWith(" <unfinished ...>")) open[pid] = (call.Groups[1].Value, text[..^" <unfinished ...>".Length], i);
                    else calls.Add(new Call(pid, call.Groups[1].Value, text, i, i));
                }
            }
            calls.Sort((a, b) => a.Start.CompareTo(b.Start));
            return new SyscallTrace(calls);
        }

        /// <summary>The read of a request whose first line holds the text (where it ends).</summary>
        Call? Request(string requestLine) => calls.FirstOrDefault(c => Reads.Contains(c.Name) && c.Text.Contains(requestLine, StringComparison.Ordinal));

        Call? Request(string replayId, int seq) => Request($"POST /record/?replay_id={replayId}&seq={seq}&");

        Call? TrackRequest(string marker) => Request($"POST /track/?verbose=1&marker={marker} ");

        /// <summary>The first write of a reply on the connection the request came in on, after it.</summary>
        Call? ReplyTo(Call? request) => request is null ? null
            : calls.FirstOrDefault(c => Sends.Contains(c.Name) && c.Start > request.End && c.Descriptor == request.Descriptor
                && c.Text.Contains("HTTP/1.1 ", StringComparison.Ordinal));

        public Call? Reply(string replayId, int seq) => ReplyTo(Request(replayId, seq));

        public Call? TrackReply(string marker) => ReplyTo(TrackRequest(marker));

        public void AssertLoggedBeforeReply(string marker, string dataPath)
        {
            var request = TrackRequest(marker) ?? throw new Xunit.Sdk.XunitException($"No /track request {marker} in the trace.");
            var reply = TrackReply(marker) ?? throw new Xunit.Sdk.XunitException($"No reply to /track request {marker} in the trace.");
            Assert.Contains("HTTP/1.1 200", reply.Text);
            var between = calls.Where(c => c.Start > request.End && c.End < reply.Start).ToList();

            var wal = Path.Combine(dataPath, "analytics.duckdb.wal");
            var walWrite = between.LastOrDefault(c => c.Name is "pwrite64" or "pwritev" or "write" or "writev" && OnFile(c, wal))
                ?? throw new Xunit.Sdk.XunitException($"/track request {marker}'s commit was not written to {wal} before its reply.");
            Assert.True(between.Any(c => Syncs.Contains(c.Name) && OnFile(c, wal) && c.Start > walWrite.End),
                $"{wal} was not flushed after /track request {marker}'s commit and before its reply.");
        }

        public void AssertFlushedBeforeReply(string replayId, int seq, string locator, string dataPath)
        {
            var request = Request(replayId, seq) ?? throw new Xunit.Sdk.XunitException($"No request of batch {seq} in the trace.");
            var reply = Reply(replayId, seq) ?? throw new Xunit.Sdk.XunitException($"No reply to batch {seq} in the trace.");
            Assert.Contains("HTTP/1.1 200", reply.Text);
            var between = calls.Where(c => c.Start > request.End && c.End < reply.Start).ToList();

            var blob = LocatorPattern().Match(locator);
            Assert.True(blob.Success, $"Batch {seq}'s locator {locator} names no segment.");
            var (segment, offset, length) = (Path.Combine(dataPath, "blobs", "segments", blob.Groups[1].Value), long.Parse(blob.Groups[2].Value), long.Parse(blob.Groups[3].Value));
            var write = between.FirstOrDefault(c => c.Name is "pwritev" or "pwrite64" && OnFile(c, segment) && Covers(c, offset, length))
                ?? throw new Xunit.Sdk.XunitException($"Batch {seq}'s bytes ({locator}) were not written to {segment} before its reply.");
            var blobSync = between.FirstOrDefault(c => Syncs.Contains(c.Name) && OnFile(c, segment) && c.Start > write.End)
                ?? throw new Xunit.Sdk.XunitException($"{segment} was not flushed after batch {seq}'s bytes and before its reply.");

            var wal = Path.Combine(dataPath, "hindsight.db-wal");
            var walWrite = between.LastOrDefault(c => c.Name is "pwrite64" or "pwritev" or "write" && OnFile(c, wal))
                ?? throw new Xunit.Sdk.XunitException($"Batch {seq}'s rows were not written to the WAL before its reply.");
            Assert.True(walWrite.Start > blobSync.End, $"Batch {seq}'s rows were written before its blob was flushed.");
            Assert.True(between.Any(c => Syncs.Contains(c.Name) && OnFile(c, wal) && c.Start > walWrite.End),
                $"The WAL was not flushed after batch {seq}'s commit and before its reply (is SQLite's synchronous FULL?).");
        }

        static bool OnFile(Call call, string path) => call.Descriptor?.EndsWith($"<{path}>", StringComparison.Ordinal) == true;

        /// <summary>Whether a positional write (its offset the last argument, its result the bytes written) covers the range.</summary>
        static bool Covers(Call call, long offset, long length) => WriteResultPattern().Match(call.Text) is { Success: true } m
            && long.Parse(m.Groups[1].Value) <= offset && offset + length <= long.Parse(m.Groups[1].Value) + long.Parse(m.Groups[2].Value);

        [GeneratedRegex(@"^(\d+) +(.*)$")]
        private static partial Regex LinePattern();

        [GeneratedRegex(@"^<\.\.\. (\w+) resumed>(.*)$")]
        private static partial Regex ResumedPattern();

        [GeneratedRegex(@"^(\w+)\((.*)$")]
        private static partial Regex CallPattern();

        [GeneratedRegex(@"^(\d+<.*?>)[,)]")]
        private static partial Regex DescriptorPattern();

        [GeneratedRegex(@", (\d+)\) += (\d+)$")]
        private static partial Regex WriteResultPattern();

        [GeneratedRegex(@"^segments/(\d{12}\.seg)@(\d+)\+(\d+)$")]
        private static partial Regex LocatorPattern();
    }
}
