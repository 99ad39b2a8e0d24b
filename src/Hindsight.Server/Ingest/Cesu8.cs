using System.Text;

namespace Hindsight.Server.Ingest;

/// <summary>
/// Decodes the text inside Mixpanel's base64 payloads. Its encoder writes each UTF-16 code unit on its
/// own, so an emoji arrives as two 3-byte surrogates (CESU-8) that a UTF-8 decoder turns into U+FFFD.
/// This decoder rebuilds the pairs, and also reads proper UTF-8 (4-byte sequences), so it fits both.
/// Malformed bytes and lone surrogates become U+FFFD rather than failing the request.
/// </summary>
public static class Cesu8
{
    private const char Replacement = '\uFFFD';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var (codePoint, length) = ReadSequence(bytes[i..]);
            i += length;
            if (codePoint < 0) text.Append(Replacement);
            else if (codePoint is >= 0xD800 and <= 0xDBFF) i += AppendSurrogatePair((char)codePoint, bytes[i..], text);
            else if (codePoint is >= 0xDC00 and <= 0xDFFF) text.Append(Replacement); // a low half with no high half
            else if (codePoint > 0xFFFF) text.Append(char.ConvertFromUtf32(codePoint));
            else text.Append((char)codePoint);
        }
        return text.ToString();
    }

    /// <summary>A high surrogate counts only when its low half follows; returns the bytes it consumed.</summary>
    private static int AppendSurrogatePair(char high, ReadOnlySpan<byte> rest, StringBuilder text)
    {
        var (next, length) = ReadSequence(rest);
        if (next is >= 0xDC00 and <= 0xDFFF)
        {
            text.Append(high).Append((char)next);
            return length;
        }
        text.Append(Replacement);
        return 0;
    }

    /// <summary>One UTF-8-shaped sequence: its code point (surrogates allowed) and length, or -1 when malformed.</summary>
    private static (int CodePoint, int Length) ReadSequence(ReadOnlySpan<byte> b)
    {
        if (b.Length == 0) return (-1, 0);
        var lead = b[0];
        if (lead < 0x80) return (lead, 1);
        var (length, initial, minimum) = lead switch
        {
            >= 0xC2 and <= 0xDF => (2, lead & 0x1F, 0x80),
            >= 0xE0 and <= 0xEF => (3, lead & 0x0F, 0x800),
            >= 0xF0 and <= 0xF4 => (4, lead & 0x07, 0x10000),
            _ => (0, 0, 0),
        };
        if (length == 0) return (-1, 1);

        var codePoint = initial;
        for (var k = 1; k < length; k++)
        {
            if (k >= b.Length || (b[k] & 0xC0) != 0x80) return (-1, k);
            codePoint = (codePoint << 6) | (b[k] & 0x3F);
        }
        // Overlong forms and code points past U+10FFFF are malformed in either encoding.
        return codePoint < minimum || codePoint > 0x10FFFF ? (-1, length) : (codePoint, length);
    }
}
