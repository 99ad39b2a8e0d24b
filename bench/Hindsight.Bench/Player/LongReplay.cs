using System.Text.Json.Nodes;
using Hindsight.Bench.Parts;

namespace Hindsight.Bench.Player;

/// <summary>
/// A long replay made of real activity: the recorded two-minute visit, as its batches, played again and
/// again (each repetition is new page loads with new full snapshots, so the stream is valid rrweb),
/// timestamps shifted, seqs continued, cut at the length asked for. Every 5 s, and right after every full snapshot, a marker —
/// an attribute mutation <c>data-bench-at="&lt;ms&gt;"</c> on the page's &lt;html&gt;, naming the last 5-second
/// mark — tells from the replayed page alone which moment it shows: at ms t, the marker reads
/// floor(t / 5000) × 5000.
/// </summary>
public static class LongReplay
{
    public const int MarkerEveryMs = 5_000;
    public const string MarkerAttribute = "data-bench-at";

    /// <summary>The batches, in seq order, starting at <paramref name="start"/> (ms since the epoch).</summary>
    public static List<JsonArray> Build(IReadOnlyList<RecordBatch> visit, TimeSpan length, long start)
    {
        var batches = visit.Select(b => b.Events()).ToList();
        var first = batches.SelectMany(b => b).Min(Timestamp);
        var last = batches.SelectMany(b => b).Max(Timestamp);
        var period = last - first + 1_000;
        var repetitions = (int)Math.Ceiling(length.TotalMilliseconds / period);

        var result = new List<JsonArray>();
        var htmlId = -1;
        var nextMarker = 0L;
        for (var rep = 0; rep < repetitions; rep++)
        {
            var shift = start + rep * period - first;
            foreach (var batch in batches)
            {
                var events = new JsonArray();
                foreach (var original in batch.OrderBy(Timestamp))
                {
                    var e = original!.DeepClone().AsObject();
                    var at = Timestamp(e) + shift;
                    if (at - start > length.TotalMilliseconds) break;
                    e["timestamp"] = at;
                    // The 5-second marks this event passes come first, on the page that was showing.
                    for (; nextMarker + start <= at && htmlId >= 0; nextMarker += MarkerEveryMs) events.Add(Marker(nextMarker + start, htmlId, nextMarker));
                    events.Add(e);
                    if ((int?)e["type"] == 2)
                    {
                        htmlId = HtmlId(e);
                        events.Add(Marker(at + 1, htmlId, (at - start) / MarkerEveryMs * MarkerEveryMs));
                        nextMarker = Math.Max(nextMarker, (at - start) / MarkerEveryMs * MarkerEveryMs + MarkerEveryMs);
                    }
                }
                if (events.Count > 0) result.Add(events);
            }
        }
        return result;
    }

    static long Timestamp(JsonNode? e) => (long)e!["timestamp"]!.GetValue<double>();

    /// <summary>An rrweb mutation (IncrementalSnapshot, source 0) setting the marker attribute on &lt;html&gt;.</summary>
    static JsonObject Marker(long timestamp, int htmlId, long mark) => new()
    {
        ["type"] = 3,
        ["timestamp"] = timestamp,
        ["data"] = new JsonObject
        {
            ["source"] = 0, ["texts"] = new JsonArray(), ["removes"] = new JsonArray(), ["adds"] = new JsonArray(),
            ["attributes"] = new JsonArray(new JsonObject
            {
                ["id"] = htmlId, ["attributes"] = new JsonObject { [MarkerAttribute] = mark.ToString() },
            }),
        },
    };

    /// <summary>The id rrweb gave the &lt;html&gt; element in a full snapshot.</summary>
    static int HtmlId(JsonObject fullSnapshot) =>
        fullSnapshot["data"]!["node"]!["childNodes"]!.AsArray()
            .First(n => (string?)n!["tagName"] == "html")!["id"]!.GetValue<int>();
}
