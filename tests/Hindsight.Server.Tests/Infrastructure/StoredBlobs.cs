using Hindsight.Server.Storage;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>Reading what the blob store keeps, found as the server finds it: through a chunk row's locator.</summary>
public static class StoredBlobs
{
    /// <summary>The locator the chunk row of a replay's seq points to (in any project).</summary>
    public static Task<string> LocatorAsync(this HindsightFactory factory, string replayId, int seq) => factory.QuerySingleAsync<string>(
        "SELECT blob_locator FROM replay_chunks WHERE replay_id = @replayId AND seq = @seq", new { replayId, seq });

    /// <summary>The bytes the chunk row of a replay's seq points to.</summary>
    public static async Task<byte[]> StoredChunkAsync(this HindsightFactory factory, string replayId, int seq) =>
        (await factory.BlobAsync(await factory.LocatorAsync(replayId, seq)))!;

    /// <summary>The bytes at a locator, or null where the store has none.</summary>
    public static async Task<byte[]?> BlobAsync(this HindsightFactory factory, string locator)
    {
        await using var blob = await factory.Get<IBlobStore>().OpenReadAsync(locator, CancellationToken.None);
        if (blob is null) return null;
        var copy = new MemoryStream();
        await blob.CopyToAsync(copy);
        return copy.ToArray();
    }
}
