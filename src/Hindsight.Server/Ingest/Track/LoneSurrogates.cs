using System.Globalization;
using System.Text;

namespace Hindsight.Server.Ingest.Track;

/// <summary>
/// JSON may escape half of a character alone ("\ud83d" with no low half after it): JSON.stringify writes one for a
/// string a page cut in the middle of an emoji. System.Text.Json parses such text but throws on reading the string
/// out, which would answer a visitor's whole batch with a 500 the SDK retries for ever. Each lone half becomes
/// U+FFFD before parsing, as a browser shows it.
/// </summary>
public static class LoneSurrogates
{
    public static string Replace(string json)
    {
        if (!json.Contains("\\u", StringComparison.Ordinal)) return json;
        StringBuilder? output = null;
        var copied = 0;
        for (var i = 0; i < json.Length - 1; i++)
        {
            if (json[i] != '\\') continue;
            if (json[i + 1] != 'u' || !TryReadUnit(json, i + 2, out var unit))
            {
                i++; // an escaped character such as \\ or \": the next one is not the start of an escape
                continue;
            }
            if (char.IsHighSurrogate(unit) && i + 11 < json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                && TryReadUnit(json, i + 8, out var low) && char.IsLowSurrogate(low))
            {
                i += 11; // a whole pair
                continue;
            }
            if (char.IsSurrogate(unit))
            {
                output ??= new StringBuilder(json.Length);
                output.Append(json, copied, i - copied).Append("\\ufffd");
                copied = i + 6;
            }
            i += 5;
        }
        return output is null ? json : output.Append(json, copied, json.Length - copied).ToString();
    }

    private static bool TryReadUnit(string json, int start, out char unit)
    {
        unit = '\0';
        if (start + 4 > json.Length
            || !ushort.TryParse(json.AsSpan(start, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            return false;
        unit = (char)value;
        return true;
    }
}
