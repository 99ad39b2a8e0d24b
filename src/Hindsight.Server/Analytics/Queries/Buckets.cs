namespace Hindsight.Server.Analytics.Queries;

public enum Interval { Hour, Day, Week }

/// <summary>
/// The time buckets of a chart: equal steps of <see cref="Size"/> ms starting at <see cref="Origin"/>,
/// the start of the bucket holding the range's first moment in the viewer's time zone (a fixed offset,
/// <c>tz</c> minutes east of UTC). Days start at local midnight, weeks on Monday (ISO 8601).
/// An event's bucket start is <c>time - ((time - origin) % size)</c>, exact in integers on every engine.
/// </summary>
public sealed record Buckets(long Origin, long Size, int Count)
{
    public const int MaxBuckets = 1000;

    private const long Week = 7 * TimeRange.Day;

    /// <summary>1970-01-01 was a Thursday; the first Monday after it, 4 days on, is where weeks are counted from.</summary>
    private const long FirstMonday = 4 * TimeRange.Day;

    public static Buckets Of(TimeRange range, Interval interval, int tzMinutes)
    {
        var offset = tzMinutes * 60_000L;
        var (size, anchor) = interval switch
        {
            Interval.Hour => (TimeRange.Hour, -offset), // half-hour zones have half-past hours
            Interval.Day => (TimeRange.Day, -offset),
            _ => (Week, FirstMonday - offset),
        };
        // The bucket boundary at or before `from`; floor division, as `from - anchor` may be negative.
        var origin = range.From - Mod(range.From - anchor, size);
        var count = (int)Math.Min(int.MaxValue, (range.To - origin + size - 1) / size);
        return new Buckets(origin, size, count);
    }

    public IEnumerable<long> Starts => Enumerable.Range(0, Count).Select(i => Origin + i * Size);

    /// <summary>The SQL for the bucket start of <paramref name="time"/> (a column at or after the origin).</summary>
    public string StartSql(string time, SqlParameters parameters) =>
        $"{time} - (({time} - {parameters.Named("bucketOrigin", Origin)}) % {parameters.Named("bucketSize", Size)})";

    public int IndexOf(long bucketStart) => (int)((bucketStart - Origin) / Size);

    private static long Mod(long value, long size) => ((value % size) + size) % size;
}
