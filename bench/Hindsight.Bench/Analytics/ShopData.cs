using System.Text;

namespace Hindsight.Bench.Analytics;

public sealed record ShopEvent(string InsertId, string Name, string DistinctId, long Time, string? ReplayId, string Properties);

/// <summary>A recorded visit: its replay row (no chunks: nothing measured here plays it).</summary>
public sealed record ShopReplay(string ReplayId, string DistinctId, long StartedAt, long LastEventAt, string StartUrl, int EventCount);

public sealed record ShopSession(IReadOnlyList<ShopEvent> Events, ShopReplay? Replay);

/// <summary>
/// A shop's month of analytics, generated: <see cref="People"/> people (each with a profile) visit over
/// <see cref="Days"/> days ending at <see cref="To"/>; each visit views pages, searches, clicks and goes some way
/// down the funnel Product Viewed → Added to Cart → Checkout Started → Purchase. Visits come in time order,
/// as ingestion stores them, until <c>events</c> events are made. The same size gives the same rows.
/// </summary>
public sealed class ShopData(int events, long to)
{
    public const int People = 100_000, Days = 30;
    public const string Viewed = "Product Viewed", Added = "Added to Cart", Checkout = "Checkout Started", Purchase = "Purchase", PageView = "$mp_web_page_view";

    /// <summary>Visits recorded (the project's sampling), and of those the share whose events name their replay; the rest are stitched.</summary>
    const double Recorded = 0.3, NamedReplay = 0.8;

    static readonly string[] Countries = ["US", "GB", "DE", "FR", "IN", "BR", "CA", "AU", "ES", "IT", "NL", "SE", "PL", "JP", "MX", "KR", "TR", "AR", "BE", "CH", "AT", "DK", "NO", "IE", "PT"];
    static readonly string[] Plans = ["free", "free", "free", "starter", "pro", "team"];
    static readonly string[] Browsers = ["Chrome", "Chrome", "Chrome", "Safari", "Mobile Safari", "Firefox", "Microsoft Edge"];
    static readonly string[] Systems = ["Windows", "Mac OS X", "iOS", "Android", "Linux"];
    static readonly string[] Pages = ["/", "/catalog", "/catalog/shoes", "/catalog/bags", "/about", "/help", "/blog/summer", "/account"];
    static readonly string[] Categories = ["shoes", "bags", "shirts", "hats", "socks", "jackets"];
    static readonly string[] Searches = ["red shoes", "bag", "linen shirt", "gift", "sale", "rain jacket"];
    static readonly string[] FirstNames = ["Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farah", "Gustavo", "Hana", "Ivan", "Julia", "Kenji", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq"];
    static readonly string[] LastNames = ["Garcia", "Smith", "Müller", "Rossi", "Kowalski", "Tanaka", "Silva", "Dubois", "Novak", "Jensen", "Okafor", "Haddad", "Kim", "Nguyen", "Ivanova", "Larsen", "Costa", "Fischer", "Moreau", "Patel"];

    public long To { get; } = to;
    public long From => To - Days * Day;
    public const long Day = 86_400_000;

    public static string PersonId(int k) => $"user-{k:D6}";
    /// <summary>Three people in ten first visit anonymously and are linked to their user id when they sign in.</summary>
    public static bool HasAnonymousId(int k) => k % 10 < 3;
    public static string AnonymousId(int k) => $"anon-{k:D6}";

    public static string Name(int k) => $"{FirstNames[k % FirstNames.Length]} {LastNames[k / FirstNames.Length % LastNames.Length]}";
    public static string Email(int k) => $"{FirstNames[k % FirstNames.Length].ToLowerInvariant()}.{k}@mail.example";
    public static string Country(int k) => Countries[(int)(Math.Pow(Hash(k, 1), 2) * Countries.Length)];
    public static string Plan(int k) => Plans[(int)(Hash(k, 2) * Plans.Length)];

    /// <summary>The visits in time order; each person's first visit is anonymous when they have an anonymous id.</summary>
    public IEnumerable<ShopSession> Sessions()
    {
        var random = new Random(events);
        var visited = new bool[People];
        var made = 0;
        for (var s = 0; made < events; s++)
        {
            // Some people come back far more than others.
            var k = (int)(Math.Pow(random.NextDouble(), 1.6) * People);
            var id = HasAnonymousId(k) && !visited[k] ? AnonymousId(k) : PersonId(k);
            visited[k] = true;
            var start = From + (long)((double)made / events * (Days * Day - 3_600_000)) + random.Next(1_800_000);
            var session = Visit(random, s, k, id, start, events - made);
            made += session.Events.Count;
            yield return session;
        }
    }

    ShopSession Visit(Random random, int s, int k, string id, long start, int left)
    {
        var recorded = random.NextDouble() < Recorded;
        var replayId = recorded ? $"replay-{s:D7}" : null;
        var named = recorded && random.NextDouble() < NamedReplay;
        var browser = Browsers[(int)(Hash(k, 3) * Browsers.Length)];
        var os = Systems[(int)(Hash(k, 4) * Systems.Length)];
        var list = new List<ShopEvent>();
        var time = start;
        var landing = Pages[random.Next(Pages.Length)];

        void Add(string name, string url, string extra)
        {
            if (list.Count >= left) return;
            time += 3_000 + random.Next(45_000);
            var props = new StringBuilder(320)
                .Append("{\"$current_url\":\"https://shop.example").Append(url)
                .Append("\",\"$browser\":\"").Append(browser).Append("\",\"$os\":\"").Append(os)
                .Append("\",\"$device_id\":\"dev-").Append(k).Append("\",\"$screen_width\":").Append(1280 + k % 3 * 160)
                .Append(",\"$lib_version\":\"2.83.0\",\"mp_lib\":\"web\",\"$referring_domain\":\"").Append(s % 4 == 0 ? "search.example" : "$direct")
                .Append("\",\"plan\":\"").Append(Plan(k)).Append("\",\"country\":\"").Append(Country(k)).Append('"');
            if (named) props.Append(",\"$mp_replay_id\":\"").Append(replayId).Append('"');
            props.Append(extra).Append('}');
            var insertId = $"{random.NextInt64():x16}{list.Count:x2}";
            list.Add(new ShopEvent(insertId, name, id, time, named ? replayId : null, props.ToString()));
        }

        Add(PageView, landing, "");
        if (random.NextDouble() < 0.3) Add("Search", "/search", $",\"query\":\"{Searches[random.Next(Searches.Length)]}\"");
        for (var c = random.Next(3); c > 0; c--) Add("$mp_click", landing, ",\"$el_tag_name\":\"a\"");
        if (random.NextDouble() < 0.6)
        {
            string product = "", category = "", price = "";
            for (var v = 1 + random.Next(3); v > 0; v--)
            {
                var p = random.Next(500);
                (product, category, price) = ($"p{p}", Categories[p % Categories.Length], $"{19 + p % 80}.99");
                Add(PageView, $"/product/{p}", "");
                Add(Viewed, $"/product/{p}", $",\"product_id\":\"{product}\",\"category\":\"{category}\",\"price\":{price}");
            }
            var item = $",\"product_id\":\"{product}\",\"category\":\"{category}\",\"price\":{price}";
            if (random.NextDouble() < 0.3)
            {
                Add(Added, $"/product/{product[1..]}", item);
                if (random.NextDouble() < 0.6)
                {
                    Add(PageView, "/checkout", "");
                    Add(Checkout, "/checkout", item);
                    if (random.NextDouble() < 0.65) Add(Purchase, "/checkout/done", item + $",\"revenue\":{price}");
                }
            }
        }
        for (var p = random.Next(3); p > 0; p--) Add(PageView, Pages[random.Next(Pages.Length)], "");
        for (var c = random.Next(2); c > 0; c--) Add("$mp_click", landing, ",\"$el_tag_name\":\"button\"");

        var replay = recorded && list.Count > 0
            ? new ShopReplay(replayId!, id, list[0].Time - 2_000, list[^1].Time + 5_000, "https://shop.example" + landing, list.Count)
            : null;
        return new ShopSession(list, replay);
    }

    /// <summary>A fixed pseudo-random number in [0, 1) per person and trait.</summary>
    static double Hash(int k, int trait)
    {
        // splitmix64's finalizer: fixed across runs, unlike HashCode.
        var x = (ulong)k * 0x9E3779B97F4A7C15UL + (ulong)trait * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (x ^ (x >> 31)) / 18446744073709551616.0;
    }
}
