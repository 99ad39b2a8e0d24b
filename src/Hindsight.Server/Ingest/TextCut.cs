namespace Hindsight.Server.Ingest;

public static class TextCut
{
    /// <summary>
    /// The text cut to at most <paramref name="maxLength"/> UTF-16 units, never between the two halves of a
    /// character: a lone half would be stored as U+FFFD and shown as a box.
    /// </summary>
    public static string CutTo(this string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var length = char.IsLowSurrogate(text[maxLength]) && char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..length];
    }
}
