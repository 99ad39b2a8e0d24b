using System.Text;
using System.Text.Json;

namespace Hindsight.Server.Ingest.Record;

/// <summary>What a /record batch tells about its replay: counts, time span and the URLs it visited.</summary>
public sealed record BatchSummary(
    int EventCount, long FirstTimestamp, long LastTimestamp, int ClickCount, int KeypressCount, IReadOnlyList<string> Hrefs)
{
    /// <summary>rrweb/console@1 plugin events of level "error": the feed's console error count.</summary>
    public int ConsoleErrorCount { get; init; }
}

/// <summary>
/// Checks a batch (a JSON array of rrweb events) and summarises it in one forward pass with
/// Utf8JsonReader: no object model is built, so a 64 MiB batch costs no more than its own bytes.
/// </summary>
public static class BatchParser
{
    // rrweb numbers (types/src/index.ts): event types and incremental snapshot sources.
    private const int IncrementalSnapshot = 3, Meta = 4, Plugin = 6;
    private const int MouseInteraction = 2, Input = 5, Click = 2;
    private const double MaxTimestamp = 253402300799999; // 9999-12-31, in ms

    public static (BatchSummary? Summary, RecordRejection? Rejection) Parse(ReadOnlySpan<byte> json, int maxEvents, int maxDepth)
    {
        // Utf8JsonReader checks UTF-8 only in the strings it is asked to read; a stored chunk must be text the player can read.
        if (!System.Text.Unicode.Utf8.IsValid(json)) return Invalid("invalid_json", "The body is not valid UTF-8.");
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        var counter = new Counter();
        try
        {
            if (!reader.Read()) return Invalid("invalid_json", "The body is empty.");
            if (reader.TokenType != JsonTokenType.StartArray)
                return Invalid("not_an_array", "The body must be a JSON array of rrweb events.");

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (counter.Events == maxEvents)
                    return (null, RecordRejection.TooLarge("too_many_events", $"A batch may hold at most {maxEvents} events."));
                var problem = ReadEvent(ref reader, json, counter);
                if (problem is not null) return Invalid("invalid_event", $"Event {counter.Events}: {problem}");
                counter.Events++;
            }
            while (reader.Read()) { } // anything after the array makes the reader throw
        }
        catch (JsonException e)
        {
            return Invalid("invalid_json", $"The body is not valid JSON: {e.Message}");
        }
        if (counter.Events == 0) return Invalid("empty_batch", "The batch holds no events.");
        return (new BatchSummary(counter.Events, counter.First, counter.Last, counter.Clicks, counter.Keypresses, counter.Hrefs)
        {
            ConsoleErrorCount = counter.ConsoleErrors,
        }, null);
    }

    /// <summary>Reads one event object; returns what is wrong with it, or null.</summary>
    private static string? ReadEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, Counter counter)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return "an event must be a JSON object.";
        int type = 0;
        double timestamp = 0;
        string? typeProblem = "\"type\" is missing.", timestampProblem = "\"timestamp\" is missing.";
        Range? data = null;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader; // a copy still positioned on the property name
            reader.Read();
            if (name.ValueTextEquals("type"u8))
            {
                var ok = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out type) && type >= 0;
                typeProblem = ok ? null : "\"type\" must be a non-negative integer.";
            }
            else if (name.ValueTextEquals("timestamp"u8))
            {
                var ok = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out timestamp) && timestamp is > 0 and <= MaxTimestamp;
                timestampProblem = ok ? null : "\"timestamp\" must be a number of milliseconds since the Unix epoch.";
            }
            else if (name.ValueTextEquals("data"u8))
            {
                // Remember where `data` is: "type" may come after it, and only then do we know how to read it.
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                data = start..(int)reader.BytesConsumed;
                continue;
            }
            reader.Skip();
        }

        if (typeProblem is not null) return typeProblem;
        if (timestampProblem is not null) return timestampProblem;
        counter.AddTimestamp((long)Math.Floor(timestamp));
        if (type is IncrementalSnapshot or Meta && data is { } range) counter.Inspect(type, json[range]);
        else if (type == Plugin && data is { } plugin) counter.InspectPlugin(json[plugin]);
        return null;
    }

    /// <summary>
    /// A string's text, or null for one holding half a character ("\ud83d" alone), which the player's JSON.parse
    /// reads but System.Text.Json refuses to turn into a string; such a URL is left out of the replay's figures.
    /// </summary>
    private static string? TextOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static (BatchSummary?, RecordRejection?) Invalid(string error, string message) =>
        (null, RecordRejection.BadRequest(error, message));

    private sealed class Counter
    {
        public int Events, Clicks, Keypresses, ConsoleErrors;
        public long First = long.MaxValue, Last = long.MinValue;
        public readonly List<string> Hrefs = [];

        public void AddTimestamp(long ms)
        {
            First = Math.Min(First, ms);
            Last = Math.Max(Last, ms);
        }

        /// <summary>Reads the few top-level fields of `data` that the feed counts.</summary>
        public void Inspect(int type, ReadOnlySpan<byte> data)
        {
            var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 4096 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
            int? source = null, interaction = null;
            string? href = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("source"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var s)) source = s;
                else if (name.ValueTextEquals("type"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i)) interaction = i;
                else if (name.ValueTextEquals("href"u8) && reader.TokenType == JsonTokenType.String) href = TextOf(ref reader);
                reader.Skip();
            }
            if (type == Meta && !string.IsNullOrEmpty(href)) Hrefs.Add(href);
            if (type == IncrementalSnapshot && source == MouseInteraction && interaction == Click) Clicks++;
            if (type == IncrementalSnapshot && source == Input) Keypresses++;
        }

        /// <summary>Counts a console plugin event of level "error": <c>{plugin: "rrweb/console@1", payload: {level: "error", …}}</c>.</summary>
        public void InspectPlugin(ReadOnlySpan<byte> data)
        {
            var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 4096 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
            bool console = false, error = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("plugin"u8)) console = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("rrweb/console@1"u8);
                else if (name.ValueTextEquals("payload"u8) && reader.TokenType == JsonTokenType.StartObject)
                {
                    error = LevelIsError(ref reader);
                    continue; // read to its end already
                }
                reader.Skip();
            }
            if (console && error) ConsoleErrors++;
        }

        /// <summary>Reads a payload object to its end; whether its level is "error".</summary>
        private static bool LevelIsError(ref Utf8JsonReader reader)
        {
            var error = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader;
                reader.Read();
                if (name.ValueTextEquals("level"u8)) error = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("error"u8);
                reader.Skip();
            }
            return error;
        }
    }
}
