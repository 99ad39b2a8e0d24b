using System.Text.Json;
using Hindsight.Browser.Tests.Harness;

namespace Hindsight.Bench.Parts;

/// <summary>
/// The four ways a page runs in every comparison: no recorder, Hindsight's SDK, mixpanel-browser and
/// posthog-js. Each records every tab (full sampling), masks all text and inputs (Hindsight's and
/// mixpanel-browser's default; posthog-js is asked to), sends to a local endpoint, and has the extras a
/// peer would add on top of replay — autocapture, console and network capture, heatmaps, surveys —
/// switched off, so what is compared is the recorder.
/// </summary>
public static class Recorders
{
    public static IReadOnlyList<Recorder> All(HindsightServer server, PosthogSink sink) =>
        [None, Hindsight(server), Mixpanel(server), Posthog(sink)];

    /// <summary>
    /// Item 11's pair: Hindsight's SDK and mixpanel-browser with the same console and network capture on —
    /// every console message, every request's timing, the content-type headers, and the bodies of the
    /// workload's own requests.
    /// </summary>
    public static IReadOnlyList<Recorder> WithCapture(HindsightServer server) =>
    [
        Hindsight(server, "hindsight-capture", Capture, CaptureNote),
        Mixpanel(server, "mixpanel-capture", Capture, CaptureNote),
    ];

    const string CaptureNote = ", console and network on";
    const string NoCapture = "record_console: false";
    const string Capture = "record_console: true, record_network: true, record_network_options: "
        + "{ recordHeaders: { request: ['content-type'], response: ['content-type'] }, recordBodyUrls: { response: ['workloads'] } }";

    public static readonly Recorder None = new(
        "none", "no recorder",
        "<script>window.benchTrack = function () {};</script>",
        IsRecording: null, ReplayId: null, Stop: null, Classify: _ => Traffic.Other);

    /// <summary>The install snippet the server prints (it loads hindsight.js, which loads the recorder).</summary>
    static Recorder Hindsight(HindsightServer server, string key = "hindsight", string extras = NoCapture, string note = "")
    {
        var snippet = File.ReadAllText(Path.Combine(RepoPaths.ServerProject, "wwwroot", "sdk", "snippet.html"))
            .Replace("{{API_HOST}}", server.Url).Replace("{{TOKEN}}", server.Token);
        // Console capture is an extra like the peers' (switched off above), on by default since the console part.
        const string Sampling = "record_sessions_percent:100}";
        if (!snippet.Contains(Sampling)) throw new InvalidOperationException("The snippet's init options changed: switch record_console off here again.");
        snippet = snippet.Replace(Sampling, $"record_sessions_percent:100,{extras}}}");
        return MixpanelApi(key, "hindsight", $"Hindsight {Versions.Hindsight}{note}",
            snippet + "<script>window.benchTrack = function (n, p) { hindsight.track(n, p); };</script>", server);
    }

    /// <summary>Mixpanel's own snippet and core bundle; its recorder bundle loads when recording starts, as from its CDN.</summary>
    static Recorder Mixpanel(HindsightServer server, string key = "mixpanel", string extras = NoCapture, string note = "") => MixpanelApi(
        key, "mixpanel", $"mixpanel-browser {Versions.OfPackage("mixpanel-browser")}{note}",
        $$"""
        <script>var MIXPANEL_CUSTOM_LIB_URL = "/vendor/mixpanel/mixpanel.min.js";</script>
        <script src="/vendor/mixpanel/mixpanel-jslib-snippet.min.js"></script>
        <script>
          mixpanel.init({{Js(server.Token)}}, { api_host: {{Js(server.Url)}}, record_sessions_percent: 100,
            recorder_src: "/vendor/mixpanel/mixpanel-recorder.min.js", autocapture: false, {{extras}} });
          window.benchTrack = function (n, p) { mixpanel.track(n, p); };
        </script>
        """, server);

    /// <summary>posthog-js's core from its asset host (the sink), which loads its recorder once remote config enables replay.</summary>
    static Recorder Posthog(PosthogSink sink) => new(
        "posthog", $"posthog-js {Versions.OfPackage("posthog-js")}",
        $$"""
        <script src="{{sink.Url}}/static/array.js"></script>
        <script>
          posthog.init({{Js(PosthogSink.Token)}}, { api_host: {{Js(sink.Url)}}, autocapture: false, rageclick: false,
            capture_pageview: false, capture_pageleave: false, capture_dead_clicks: false, capture_exceptions: false,
            capture_performance: false, disable_surveys: true, enable_heatmaps: false,
            opt_out_useragent_filter: true, // automated Chromium says navigator.webdriver; posthog-js drops such visits
            session_recording: { maskAllInputs: true, maskTextSelector: "*" } });
          window.benchTrack = function (n, p) { posthog.capture(n, p); };
        </script>
        """,
        IsRecording: "!!(window.posthog && posthog.sessionRecordingStarted && posthog.sessionRecordingStarted())",
        ReplayId: "posthog.get_session_id()",
        Stop: "posthog.stopSessionRecording()",
        Classify: url => !SameOrigin(url, sink.Url) ? Traffic.Other
            : url.AbsolutePath.StartsWith("/s/") ? Traffic.Recording
            : url.AbsolutePath is "/e/" or "/i/v0/e/" or "/batch/" ? Traffic.Analytics
            : Traffic.Other);

    /// <summary>
    /// Hindsight's SDK and mixpanel-browser share an API (under the page global each defines) and speak the
    /// same protocol to the Hindsight server.
    /// </summary>
    static Recorder MixpanelApi(string key, string global, string name, string head, HindsightServer server) => new(
        key, name, head,
        IsRecording: $"!!(window.{global} && {global}.get_session_recording_properties && ({global}.get_session_recording_properties() || {{}}).$mp_replay_id)",
        ReplayId: $"{global}.get_session_recording_properties().$mp_replay_id",
        Stop: $"{global}.stop_session_recording()",
        Classify: MixpanelProtocol(server));

    static Func<Uri, Traffic> MixpanelProtocol(HindsightServer server) => url =>
        !SameOrigin(url, server.Url) ? Traffic.Other
        : url.AbsolutePath.StartsWith("/record") ? Traffic.Recording
        : url.AbsolutePath.StartsWith("/track") || url.AbsolutePath.StartsWith("/engage") || url.AbsolutePath.StartsWith("/groups") ? Traffic.Analytics
        : Traffic.Other;

    static bool SameOrigin(Uri url, string origin) => url.GetLeftPart(UriPartial.Authority) == origin;

    static string Js(string value) => JsonSerializer.Serialize(value);
}
