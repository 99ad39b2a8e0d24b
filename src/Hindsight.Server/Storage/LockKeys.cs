using System.Globalization;

namespace Hindsight.Server.Storage;

/// <summary>
/// The one place that names what a read-modify-write transaction covers (<see cref="IDatabase.BeginWriteAsync"/>):
/// a key per row, or group of rows, that is read and then written back on that reading.
/// </summary>
public static class LockKeys
{
    /// <summary>A replay's row and its chunk rows.</summary>
    public static string Replay(long projectId, string replayId) =>
        string.Create(CultureInfo.InvariantCulture, $"replay/{projectId}/{replayId}");

    /// <summary>A person's profile (people), or a group's (group_profiles) when <paramref name="groupKey"/> is given.</summary>
    public static string Profile(long projectId, string? groupKey, string id) => groupKey is null
        ? string.Create(CultureInfo.InvariantCulture, $"person/{projectId}/{id}")
        : string.Create(CultureInfo.InvariantCulture, $"group/{projectId}/{groupKey}/{id}");
}
