using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// Sets the project's remote SDK config (what GET /settings serves) straight in the server's SQLite file.
/// The dashboard's Settings page is built in parallel; its own browser test lives with that feature, and
/// these tests can move to it then. Use it only on a server of the test's own: it changes the default project.
/// </summary>
public static class ProjectSettings
{
    public static async Task SetSdkConfigAsync(HindsightServer server, JsonObject config)
    {
        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(server.DataPath, "hindsight.db"),
        }.ToString());
        var settings = JsonNode.Parse(await db.ExecuteScalarAsync<string>(
            "SELECT settings FROM projects WHERE token = @token", new { token = server.Token }) ?? "{}")!.AsObject();
        settings["sdkConfig"] = config.DeepClone();
        await db.ExecuteAsync("UPDATE projects SET settings = @settings WHERE token = @token",
            new { settings = settings.ToJsonString(), token = server.Token });
    }
}
