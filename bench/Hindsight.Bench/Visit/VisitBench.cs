using Hindsight.Bench.Parts;
using Hindsight.Bench.Report;

namespace Hindsight.Bench.Visit;

/// <summary>What one recorder sent during the scripted visit.</summary>
public sealed record RecorderVisit(Recorder Recorder, string ReplayId, IReadOnlyList<SentRequest> Sent, IReadOnlyList<string> LateSteps)
{
    public IReadOnlyList<SentRequest> Of(Traffic kind) => Sent.Where(s => s.Kind == kind).ToList();

    public long BodyBytes(Traffic kind) => Of(kind).Sum(s => (long)s.Body.Length);

    public long WireBytes(Traffic kind) => Of(kind).Sum(s => s.Body.Length + s.HeaderBytes);
}

/// <summary>
/// Item 2: the bytes each recorder sends for the same two-minute visit (<see cref="VisitScript"/>), one
/// visitor per recorder, the three visits at the same time. The visits also give the later items their
/// realistic data: Hindsight's /record batches exactly as its SDK sent them.
/// </summary>
public static class VisitBench
{
    /// <summary>The visit's length as recorded: from the first page load to the stop, by the script's clock.</summary>
    public static readonly double RecordedMinutes = VisitScript.Length.TotalMinutes;

    /// <param name="bodiesFolder">Where to keep every request's body and URL, one folder per recorder (--bodies).</param>
    public static async Task<IReadOnlyList<RecorderVisit>> RunAsync(BenchParts parts, string? bodiesFolder = null)
    {
        Console.Error.WriteLine("  [2] three two-minute visits, one per recorder, side by side");
        return await Task.WhenAll(parts.Recorders.Where(r => r.Records).Select(r => VisitAsync(parts, r, bodiesFolder)));
    }

    public static async Task<RecorderVisit> VisitAsync(BenchParts parts, Recorder recorder, string? bodiesFolder)
    {
        await using var visitor = await parts.NewVisitorAsync();
        var traffic = new TrafficMeter(visitor, recorder, await SentBodies.AttachAsync(visitor));
        var page = await visitor.NewPageAsync();
        var script = new VisitScript(page, parts.PageUrl(recorder, "shop"));
        await script.WalkAsync();

        var replayId = await page.EvaluateAsync<string>($"() => {recorder.ReplayId}");
        var before = traffic.RecordingUploadsStarted;
        await page.EvaluateAsync($"() => {{ {recorder.Stop}; }}");
        await traffic.SettleAsync(before, quiet: TimeSpan.FromSeconds(5));
        // Tracked events wait in a batch for up to 5 s (Hindsight, mixpanel-browser) or 3 s (posthog-js).
        await page.WaitForTimeoutAsync(6000);
        await traffic.SettleAsync(int.MaxValue, quiet: TimeSpan.Zero);
        Console.Error.WriteLine($"  [2] {recorder}: {traffic.RecordingUploadsStarted} recording uploads" +
            (script.LateSteps.Count > 0 ? $"; late: {string.Join("; ", script.LateSteps)}" : ""));
        var sent = await traffic.SentAsync();
        if (bodiesFolder is not null) await SaveBodiesAsync(Path.Combine(bodiesFolder, recorder.Key), sent);
        return new RecorderVisit(recorder, replayId, sent, script.LateSteps);
    }

    /// <summary>Each request as NNN-kind.bin (the body as sent) and NNN-kind.url (its URL and header bytes).</summary>
    static async Task SaveBodiesAsync(string folder, IReadOnlyList<SentRequest> sent)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < sent.Count; i++)
        {
            var name = Path.Combine(folder, $"{i:000}-{sent[i].Kind}");
            await File.WriteAllBytesAsync(name + ".bin", sent[i].Body);
            await File.WriteAllTextAsync(name + ".url", $"{sent[i].Url}\n{sent[i].HeaderBytes}\n");
        }
    }

    public static Section Render(IReadOnlyList<RecorderVisit> visits)
    {
        var hindsight = visits.Single(v => v.Recorder.Key == "hindsight");
        var mixpanel = visits.Single(v => v.Recorder.Key == "mixpanel");
        var rows = visits.Select(v => (IReadOnlyList<string>)
        [
            v.Recorder.Name,
            Md.Num(v.Of(Traffic.Recording).Count),
            Md.Kb(v.BodyBytes(Traffic.Recording)),
            Md.Kb(v.WireBytes(Traffic.Recording)),
            Md.Kb(v.WireBytes(Traffic.Recording) / RecordedMinutes),
            Md.Ratio(v.WireBytes(Traffic.Recording) / (double)mixpanel.WireBytes(Traffic.Recording)),
            $"{Md.Num(v.Of(Traffic.Analytics).Count)} / {Md.Kb(v.WireBytes(Traffic.Analytics))}",
        ]);
        var perMinute = hindsight.WireBytes(Traffic.Recording) / RecordedMinutes;
        // Batches of the /record protocol go gzip, or as plain JSON (format=body) when sent as the page goes away.
        string Formats(RecorderVisit v)
        {
            var batches = v.Of(Traffic.Recording).Select(RecordBatch.From).ToList();
            var gzip = batches.Where(b => b.IsGzip).ToList();
            var plain = batches.Where(b => !b.IsGzip).ToList();
            return $"{v.Recorder.Name}: {gzip.Count} gzip batches ({Md.Kb(gzip.Sum(b => b.Body.Length))} of bodies), " +
                $"{plain.Count} plain JSON ({Md.Kb(plain.Sum(b => b.Body.Length))})";
        }
        var late = visits.SelectMany(v => v.LateSteps.Select(s => $"{v.Recorder.Name}: {s}")).ToList();
        return new Section(2, "Bytes on the wire for a two-minute visit", $"""
            **Goals:** Hindsight's recording bytes on the wire ≤ 0.7 × mixpanel-browser's —
            {Md.Verdict(hindsight.WireBytes(Traffic.Recording), 0.7 * mixpanel.WireBytes(Traffic.Recording), Md.Kb)};
            ≤ 100 kB per recorded minute — {Md.Verdict(perMinute, 100_000, Md.Kb)}.

            **How:** one scripted visit to the shop in `bench/site/shop/` (`bench/Hindsight.Bench/Visit/VisitScript.cs`):
            browse and search a 48-product catalogue, open a product, add it to the cart, write a review, open a
            second product, fill in a nine-field sign-up form (first with a mistyped email, then fixed), back to the
            catalogue — four page loads, about 220 characters typed, mouse moves and scrolls at human speed. Every
            step starts at a fixed second, so the visit is the same for each recorder and lasts exactly
            {VisitScript.Length.TotalSeconds:0} s from the first page load to the moment the recorder is stopped (which
            uploads what it still holds): {RecordedMinutes:0} recorded minutes. The three visits run at the same time,
            each in its own fresh browser profile. Bytes are counted for every request the page sent: the body as
            the page handed it to fetch, XMLHttpRequest or sendBeacon (`Parts/SentBodies.cs`), plus the request
            headers as Playwright saw them; CORS preflights are not visible to it and not counted (the
            Hindsight SDK and mixpanel-browser send an `Authorization` header to /record, which costs one preflight
            per batch; posthog-js avoids them). **Recording** means /record (Hindsight, mixpanel-browser) or /s/
            (posthog-js); **analytics** means /track, /engage (Hindsight, mixpanel-browser) or /e/, /i/v0/e/
            (posthog-js): the site's seven kinds of tracked events, no autocapture.
            {(late.Count > 0 ? $"Steps that started late (the machine was busy): {string.Join("; ", late)}." : "Every step started on time.")}

            {Md.Table(["recorder", "recording uploads", "recording bodies", "recording on the wire (bodies + headers)", "per recorded minute", "× mixpanel-browser", "analytics requests / on the wire"], rows)}
            Batches by body format — {Formats(hindsight)}; {Formats(mixpanel)}.
            """);
    }
}
