using System.Security.Claims;
using Dapper;
using Hindsight.Server.Accounts;
using Hindsight.Server.Ingest;
using Hindsight.Server.Storage;

namespace Hindsight.Server.AccessLog;

/// <summary>One line of the access log.</summary>
public sealed record AccessEntry(long Id, long At, long? UserId, string UserEmail, string Action, string? Target, string? Detail);

/// <summary>What to list: a time range, optionally one member and one action, newest first, before an id.</summary>
public sealed record AccessLogQuery(long From, long To, string? UserEmail, string? Action, long? Before, int Limit);

/// <summary>
/// Writes and reads access_log. Handlers call <see cref="RecordAsync"/> once what they did has succeeded;
/// a failure to write the line is logged and does not undo or fail the request it describes.
/// </summary>
public sealed class AccessLogStore(IDatabase database, TimeProvider clock, ILogger<AccessLogStore> log)
{
    public const int MaxTargetLength = 256, MaxDetailLength = 1024;

    public async Task RecordAsync(ClaimsPrincipal who, long projectId, string action, string? target = null, string? detail = null)
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO access_log (project_id, at, user_id, user_email, action, target, detail)
                VALUES (@projectId, @at, @userId, @email, @action, @target, @detail)
                """, new
            {
                projectId, at = clock.GetUtcNow().ToUnixTimeMilliseconds(), userId = who.UserId(),
                email = who.FindFirstValue(ClaimTypes.Email) ?? "", action,
                target = target?.CutTo(MaxTargetLength), detail = detail?.CutTo(MaxDetailLength),
            }));
        }
        catch (Exception e)
        {
            // Not the request's CancellationToken: a line for a change that went through is written even
            // if the caller has gone meanwhile.
            log.LogError(e, "Could not write the access log line {Action} for project {ProjectId}.", action, projectId);
        }
    }

    public async Task<IReadOnlyList<AccessEntry>> ListAsync(long projectId, AccessLogQuery query, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<AccessEntry>(new CommandDefinition("""
            SELECT id AS Id, at AS At, user_id AS UserId, user_email AS UserEmail, action AS Action, target AS Target, detail AS Detail
            FROM access_log
            WHERE project_id = @projectId AND at >= @From AND at < @To
              AND (@UserEmail IS NULL OR user_email = @UserEmail)
              AND (@Action IS NULL OR action = @Action)
              AND (@Before IS NULL OR id < @Before)
            ORDER BY id DESC
            LIMIT @Limit
            """, new { projectId, query.From, query.To, query.UserEmail, query.Action, query.Before, query.Limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>Deletes lines older than the cutoff (the retention sweep's work); returns how many.</summary>
    public async Task<int> PruneAsync(long cutoff, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM access_log WHERE at < @cutoff", new { cutoff }, cancellationToken: ct));
    }
}
