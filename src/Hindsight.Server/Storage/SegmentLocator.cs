using System.Globalization;
using System.Text.RegularExpressions;

namespace Hindsight.Server.Storage;

/// <summary>
/// Where a blob's bytes are in the folder store's segment files: <c>segments/000000000123.seg@8193+5321</c>
/// is 5,321 bytes from offset 8,193 of segment 123. Parsed strictly — twelve digits, plain decimal numbers,
/// nothing before or after — so a locator from the database can only ever name a range of a segment file
/// under the blob folder.
/// </summary>
public readonly partial record struct SegmentLocator(long Segment, long Offset, long Length)
{
    public const string Folder = "segments";
    public const string Extension = ".seg";

    public long End => Offset + Length;

    /// <summary>The segment file's name, relative to the blob folder's segment folder.</summary>
    public string FileName => FileNameOf(Segment);

    public static string FileNameOf(long segment) => string.Create(CultureInfo.InvariantCulture, $"{segment:D12}{Extension}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Folder}/{FileName}@{Offset}+{Length}");

    /// <summary>Whether the locator is meant for a segment (then it must parse); anything else is an old per-file key.</summary>
    public static bool IsSegment(string locator) => locator.StartsWith(Folder + "/", StringComparison.Ordinal);

    public static SegmentLocator Parse(string locator)
    {
        var match = Pattern().Match(locator);
        if (!match.Success
            || !long.TryParse(match.Groups["segment"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            || !long.TryParse(match.Groups["offset"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !long.TryParse(match.Groups["length"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || offset > long.MaxValue - length)
            throw new ArgumentException($"'{locator}' is not a segment locator.", nameof(locator));
        return new SegmentLocator(segment, offset, length);
    }

    /// <summary>The segment number of a file in the segment folder, or null for any other file.</summary>
    public static long? SegmentOfFile(string fileName) =>
        FilePattern().IsMatch(fileName) ? long.Parse(fileName.AsSpan(0, 12), NumberStyles.None, CultureInfo.InvariantCulture) : null;

    // Leading zeros only in the segment number, whose width is fixed; \z, not $, so no trailing newline passes.
    [GeneratedRegex(@"\Asegments/(?<segment>[0-9]{12})\.seg@(?<offset>0|[1-9][0-9]{0,18})\+(?<length>0|[1-9][0-9]{0,18})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"\A[0-9]{12}\.seg\z", RegexOptions.CultureInvariant)]
    private static partial Regex FilePattern();
}
