using System.Globalization;

namespace Hindsight.Server.Storage;

/// <summary>The one place that knows how blobs are named.</summary>
public static class BlobKeys
{
    public static string ReplayChunk(long projectId, string replayId, int seq) =>
        string.Create(CultureInfo.InvariantCulture, $"replays/{projectId}/{replayId}/{seq:D6}.json.gz");
}
