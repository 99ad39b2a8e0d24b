namespace Hindsight.Bench.RecorderCost;

/// <summary>
/// One workload of bench/site/workloads.js, by its key. A typed workload is driven from here instead, as
/// real key presses into the page's textarea.
/// </summary>
public sealed record Workload(string Key, string Title, string? Typed = null)
{
    public static readonly IReadOnlyList<Workload> All =
    [
        new("mount-nested", "mount 1,000 nested nodes"),
        new("mount-1000x10", "mount 1,000 × 10 nodes"),
        new("add-remove", "add and remove nodes repeatedly (100 frames: +20 cards, −20 cards)"),
        new("move-10000", "move 10,000 nodes"),
        new("attributes-10000", "10,000 attribute changes (10 frames × 1,000)"),
        new("table-scroll", "render then scroll a 10,000-row table"),
        new("type-500", "type 500 characters into a form", Typed: Sentence(500)),
    ];

    /// <summary>Item 11's: what a busy app does besides rendering — it logs and it fetches.</summary>
    public static readonly Workload LogAndFetch =
        new("log-fetch", "log 425 console messages (5 errors) and fetch 60 files, over 20 frames");

    static string Sentence(int length)
    {
        const string words = "the quick brown fox jumps over the lazy dog while a visitor types a long message ";
        return string.Concat(Enumerable.Repeat(words, length / words.Length + 1))[..length];
    }
}
