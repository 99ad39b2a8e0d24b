using System.Text.Json.Nodes;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>
/// Hand-built rrweb event streams, for tests that need exact control of what a replay holds (its length,
/// its chunks, or hostile content no honest recorder would produce).
/// </summary>
public static class SyntheticReplay
{
    /// <summary>Meta + FullSnapshot of a page whose body holds the given element nodes (ids from 10 up are free).</summary>
    public static JsonArray Start(long timestamp, JsonArray bodyChildren, JsonObject? bodyAttributes = null) =>
    [
        new JsonObject { ["type"] = 4, ["timestamp"] = timestamp,
            ["data"] = new JsonObject { ["href"] = "http://shop.example/", ["width"] = 1024, ["height"] = 640 } },
        new JsonObject { ["type"] = 2, ["timestamp"] = timestamp + 1, ["data"] = new JsonObject
        {
            ["initialOffset"] = new JsonObject { ["left"] = 0, ["top"] = 0 },
            ["node"] = new JsonObject { ["type"] = 0, ["id"] = 1, ["childNodes"] = new JsonArray(
                new JsonObject { ["type"] = 1, ["id"] = 2, ["name"] = "html", ["publicId"] = "", ["systemId"] = "" },
                Element(3, "html", new JsonObject(), new JsonArray(
                    Element(4, "head", new JsonObject(), []),
                    Element(5, "body", bodyAttributes ?? new JsonObject(), bodyChildren)))) },
        } },
    ];

    public static JsonObject Element(int id, string tag, JsonObject attributes, JsonArray children) =>
        new() { ["type"] = 2, ["id"] = id, ["tagName"] = tag, ["attributes"] = attributes, ["childNodes"] = children };

    public static JsonObject Text(int id, string text) => new() { ["type"] = 3, ["id"] = id, ["textContent"] = text };

    /// <summary>A mouse move: user activity, so the span it sits in is not skipped as inactive.</summary>
    public static JsonObject MouseMove(long timestamp, int x, int y) => new()
    {
        ["type"] = 3, ["timestamp"] = timestamp,
        ["data"] = new JsonObject { ["source"] = 1, ["positions"] = new JsonArray(
            new JsonObject { ["x"] = x, ["y"] = y, ["id"] = 5, ["timeOffset"] = 0 }) },
    };

    /// <summary>Mouse moves every <paramref name="stepMs"/> from <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public static JsonArray Activity(long from, long to, int stepMs = 250)
    {
        var events = new JsonArray();
        for (var t = from; t <= to; t += stepMs) events.Add(MouseMove(t, (int)(t / 7 % 900), (int)(t / 11 % 500)));
        return events;
    }

    /// <summary>A plain page with a heading and a paragraph.</summary>
    public static JsonArray PlainPage(long timestamp, string heading) => Start(timestamp, [
        Element(10, "h1", new JsonObject(), [Text(11, heading)]),
        Element(12, "p", new JsonObject(), [Text(13, "A synthetic page for the player tests.")]),
    ]);
}
