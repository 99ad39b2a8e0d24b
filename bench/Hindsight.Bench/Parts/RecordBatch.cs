using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Web;

namespace Hindsight.Bench.Parts;

/// <summary>
/// A /record request as an SDK sent it: its query (replay id, seq, format…) and its body, gzip or plain.
/// The visit's batches, kept this way, are the realistic input of the ingestion, time-to-watchable and
/// player benchmarks.
/// </summary>
public sealed record RecordBatch(string Query, byte[] Body)
{
    public static RecordBatch From(SentRequest request) => new(new Uri(request.Url).Query.TrimStart('?'), request.Body);

    public bool IsGzip => HttpUtility.ParseQueryString(Query)["format"] == "gzip";

    public int Seq => int.Parse(HttpUtility.ParseQueryString(Query)["seq"]!);

    /// <summary>The rrweb events it carries.</summary>
    public JsonArray Events()
    {
        var json = Body;
        if (IsGzip)
        {
            using var inflated = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(Body), CompressionMode.Decompress)) gzip.CopyTo(inflated);
            json = inflated.ToArray();
        }
        return JsonNode.Parse(json)!.AsArray();
    }

    /// <summary>The same query for another visitor: replay id, distinct id and device id replaced.</summary>
    public string QueryFor(string replayId, string visitor)
    {
        var query = HttpUtility.ParseQueryString(Query);
        query["replay_id"] = replayId;
        query["distinct_id"] = $"$device:{visitor}";
        query["$device_id"] = visitor;
        return query.ToString()!;
    }
}
