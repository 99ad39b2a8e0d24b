using Dapper;
using Hindsight.Server.Ingest;
using Hindsight.Server.Storage;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

public sealed class BrowserNameMigrationTests
{
    /// <summary>What the server's parser stored before it took mixpanel-browser's names, for these user agents.</summary>
    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87", "Edge", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox", "macOS")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari", "macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/126.0.2592.56 Mobile/15E148 Safari/605.1.15", "Edge", "iOS")]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Chrome", "iOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15", "Firefox", "iOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet", "Android")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36 EdgA/126.0.2592.80", "Edge", "Android")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0", "Opera", "Windows")]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "Chrome", "ChromeOS")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox", "Linux")]
    public async Task Replays_stored_with_the_old_names_get_the_names_the_parser_gives_now(string userAgent, string oldBrowser, string oldOs)
    {
        await using var database = await TemporarySqlite.CreateAsync(upToVersion: 4);
        var connection = database.Connection;
        await connection.ExecuteAsync("""
            INSERT INTO replays (project_id, replay_id, started_at, last_event_at, duration_ms, browser, os, device, created_at, updated_at)
            VALUES (1, 'r', 0, 0, 0, @oldBrowser, @oldOs, 'Desktop', 0, 0)
            """, new { oldBrowser, oldOs });

        await connection.ExecuteAsync(SqliteMigrations.All.Single(m => m.Version == 6).Sql);

        var (browser, os) = await connection.QuerySingleAsync<(string, string)>("SELECT browser, os FROM replays");
        var now = UserAgentParser.Parse(userAgent);
        Assert.Equal((now.Browser, now.Os), (browser, os));
    }
}
