using System.Collections.Concurrent;

namespace Hindsight.Server.Projects;

/// <summary>
/// Projects by token as read a moment ago, for the SDK endpoints, which look their project up on every
/// request while projects rarely change. An entry lives <see cref="Lifetime"/>; a change made through
/// <see cref="ProjectStore"/> empties the cache at once, so it applies to this process's next request
/// (other processes sharing the database see it within the lifetime). Unknown tokens are not kept: anyone
/// can send any number of them.
/// </summary>
internal sealed class ProjectCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private sealed record Entry(Project Project, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, Entry> byToken = new(StringComparer.Ordinal);
    private long generation;

    public async Task<Project?> GetOrReadAsync(string token, Func<Task<Project?>> read)
    {
        var now = clock.GetUtcNow();
        if (byToken.TryGetValue(token, out var cached) && cached.ExpiresAt > now) return cached.Project;

        var before = Interlocked.Read(ref generation);
        var project = await read();
        if (project is null) return null;
        // What was read before a change must not outlive the change: keep it only if none came meanwhile.
        var entry = new Entry(project, now + Lifetime);
        byToken[token] = entry;
        if (Interlocked.Read(ref generation) != before) byToken.TryRemove(new KeyValuePair<string, Entry>(token, entry));
        return project;
    }

    /// <summary>Called once a change to any project is committed.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref generation);
        byToken.Clear();
    }
}
