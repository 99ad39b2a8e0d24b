using System.Text.Json;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>rrweb events as the recorder writes them, for building /record batches.</summary>
public static class Rrweb
{
    public const long T0 = 1_700_000_000_000;

    public static object Meta(long ts, string href) => new { type = 4, data = new { href, width = 1280, height = 720 }, timestamp = ts };

    public static object FullSnapshot(long ts) =>
        new { type = 2, data = new { node = new { type = 0, childNodes = Array.Empty<object>(), id = 1 }, initialOffset = new { left = 0, top = 0 } }, timestamp = ts };

    public static object Click(long ts) => new { type = 3, data = new { source = 2, type = 2, id = 5, x = 10, y = 20 }, timestamp = ts };

    public static object MouseDown(long ts) => new { type = 3, data = new { source = 2, type = 1, id = 5, x = 10, y = 20 }, timestamp = ts };

    public static object Input(long ts, string text = "*****") => new { type = 3, data = new { source = 5, text, isChecked = false, id = 7 }, timestamp = ts };

    public static object MouseMove(long ts) => new { type = 3, data = new { source = 1, positions = new[] { new { x = 1, y = 2, id = 5, timeOffset = 0 } } }, timestamp = ts };

    /// <summary>A first batch: Meta, FullSnapshot, then the given events.</summary>
    public static string Batch(params object[] events) => JsonSerializer.Serialize(events);

    public static string Start(long ts, string href, params object[] more) =>
        Batch([Meta(ts, href), FullSnapshot(ts + 1), .. more]);
}
