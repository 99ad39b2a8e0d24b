using Dapper;
using Hindsight.Browser.Tests.Harness;
using static Hindsight.Browser.Tests.Harness.SyntheticReplay;

namespace Hindsight.Browser.Tests;

/// <summary>
/// The retention sweep killed halfway (SIGKILL, on a real server process) and started again finishes the
/// work: whole batches are gone, the rest is deleted by the next process once the dead one's lease runs out,
/// and unexpired replays stay.
/// </summary>
public sealed class RetentionKillTests
{
    const int Expired = 2_000;

    [Fact]
    public async Task A_sweep_killed_halfway_is_finished_by_the_next_start_and_young_replays_stay()
    {
        // One replay per transaction, so the sweep takes long enough to be caught halfway; a short lease, so
        // the next process need not wait the default two minutes for the dead one's to run out.
        await using var server = await HindsightServer.StartAsync(environment: new Dictionary<string, string>
        {
            ["Hindsight__Retention__BatchSize"] = "1",
            ["Hindsight__Retention__LeaseDuration"] = "00:00:03",
        });
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        using (var api = new ServerApi(server))
        {
            (await api.RecordAsync("template", 0, PlainPage(t0, "Old enough").ToJsonString())).EnsureSuccessStatusCode();
            (await api.RecordAsync("young", 0, PlainPage(t0, "Still kept").ToJsonString())).EnsureSuccessStatusCode();
        }
        server.Kill();

        // Two thousand replays ingested 40 days ago, copies of the template's row (without chunks: the bytes'
        // part is the server tests' RetentionTests), written while the server is down.
        await using (var db = server.OpenDatabase())
        {
            var columns = (await db.QueryAsync<string>("SELECT name FROM pragma_table_info('replays')")).ToList();
            var copied = string.Join(", ", columns.Select(c => c switch
            {
                "replay_id" => "'expired-' || n",
                "created_at" or "updated_at" => "@old",
                "chunk_count" => "0",
                _ => c,
            }));
            var old = DateTimeOffset.UtcNow.AddDays(-40).ToUnixTimeMilliseconds();
            await db.ExecuteAsync($"""
                WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < {Expired})
                INSERT INTO replays ({string.Join(", ", columns)})
                SELECT {copied} FROM replays, numbers WHERE replay_id = 'template'
                """, new { old });
        }
        Assert.Equal(Expired, await CountExpiredAsync(server));

        await server.StartProcessAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long left;
        while ((left = await CountExpiredAsync(server)) == Expired && DateTime.UtcNow < deadline) await Task.Delay(20);
        server.Kill();
        left = await CountExpiredAsync(server);
        Assert.InRange(left, 1, Expired - 1); // killed with part of the work done and part not

        await server.StartProcessAsync();
        deadline = DateTime.UtcNow.AddSeconds(120);
        while ((left = await CountExpiredAsync(server)) > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);

        Assert.Equal(0, left);
        await using var check = server.OpenDatabase(readOnly: true);
        Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM replays WHERE replay_id = 'young'"));
    }

    static async Task<long> CountExpiredAsync(HindsightServer server)
    {
        await using var db = server.OpenDatabase(readOnly: true);
        return await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM replays WHERE replay_id LIKE 'expired-%'");
    }
}
