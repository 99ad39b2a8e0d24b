using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Hindsight.Browser.Tests.Harness;

/// <summary>The server's HTTP API as a teammate's dashboard and a site's SDK use it, for setup and checks.</summary>
public sealed class ServerApi : IDisposable
{
    readonly HttpClient http;
    readonly HindsightServer server;

    public ServerApi(HindsightServer server)
    {
        this.server = server;
        http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(server.Url),
            Timeout = TimeSpan.FromSeconds(15),
        };
    }

    public async Task LoginAsync(string email = HindsightServer.AdminEmail, string password = HindsightServer.AdminPassword)
    {
        var reply = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        reply.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// POST /import as a backend sends it: a JSON array of events, the import secret as the Basic user name;
    /// strict, so a refused event fails the call instead of passing unnoticed.
    /// </summary>
    public async Task ImportAsync(string secret, JsonArray events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/import?strict=1")
        {
            Content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(secret + ":")));
        using var reply = await http.SendAsync(request);
        var text = await reply.Content.ReadAsStringAsync();
        if (!reply.IsSuccessStatusCode) throw new HttpRequestException($"POST /import answered {(int)reply.StatusCode}: {text}");
    }

    /// <summary>A dashboard request as the logged-in teammate makes it, for checking what the server refuses them.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? json = null) =>
        http.SendAsync(new HttpRequestMessage(method, path) { Content = json is null ? null : JsonContent.Create(json) });

    public async Task<JsonArray> FeedAsync(string query)
    {
        var page = await GetJsonAsync($"/api/replays?project={await DefaultProjectIdAsync()}&q={Uri.EscapeDataString(query)}");
        return page["replays"]!.AsArray();
    }

    /// <summary>The replay's detail, its `chunks` completed with the pages after the first (a long replay's detail lists only the first).</summary>
    public async Task<JsonNode> ReplayAsync(string replayId)
    {
        var detail = await GetJsonAsync($"/api/replays/{Uri.EscapeDataString(replayId)}");
        var chunks = detail["chunks"]!.AsArray();
        for (var more = (bool)detail["moreChunks"]!; more;)
        {
            var page = await GetJsonAsync($"/api/replays/{Uri.EscapeDataString(replayId)}/chunks?after={(long)chunks[^1]!["seq"]!}");
            foreach (var chunk in page["chunks"]!.AsArray().ToList()) chunks.Add(chunk!.DeepClone());
            more = (bool)page["moreChunks"]!;
        }
        detail["moreChunks"] = false;
        return detail;
    }

    /// <summary>Waits until the feed shows a replay for the visitor that satisfies the condition.</summary>
    public async Task<JsonNode> WaitForReplayAsync(string query, Func<JsonNode, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await FeedAsync(query)).FirstOrDefault();
            if (last is not null && until(last)) return last;
            await Task.Delay(250);
        }
        throw new TimeoutException($"No replay for '{query}' met the condition; last seen: {last?.ToJsonString() ?? "none"}");
    }

    /// <summary>Waits until the replay's stored chunks satisfy the condition; returns its detail.</summary>
    public async Task<JsonNode> WaitForChunksAsync(string replayId, Func<JsonArray, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ReplayAsync(replayId);
                if (until(last["chunks"]!.AsArray())) return last;
            }
            catch (HttpRequestException) { } // not stored yet
            await Task.Delay(250);
        }
        throw new TimeoutException($"Replay {replayId} never met the condition; last seen: {last?.ToJsonString() ?? "none"}");
    }

    /// <summary>Waits until the replay's stored rrweb events (all chunks, in seq order) satisfy the condition.</summary>
    public async Task<List<JsonNode>> WaitForStoredEventsAsync(string replayId, Func<List<JsonNode>, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var events = new List<JsonNode>();
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                events = (await AllChunkEventsAsync(replayId)).SelectMany(c => c).Select(e => e!).ToList();
                if (until(events)) return events;
            }
            catch (HttpRequestException) { } // not stored yet
            await Task.Delay(250);
        }
        throw new TimeoutException($"Replay {replayId}'s {events.Count} stored events never met the condition");
    }

    /// <summary>Waits until the server holds at least <paramref name="count"/> full snapshots of the replay: its pages' first batches.</summary>
    public Task<List<JsonNode>> WaitForSnapshotsAsync(string replayId, int count) =>
        WaitForStoredEventsAsync(replayId, events => events.Count(e => (int)e["type"]! == 2) >= count);

    /// <summary>Every rrweb event of the replay, chunk by chunk in seq order.</summary>
    public async Task<List<JsonArray>> AllChunkEventsAsync(string replayId)
    {
        var chunks = new List<JsonArray>();
        foreach (var chunk in (await ReplayAsync(replayId))["chunks"]!.AsArray())
            chunks.Add(await ChunkEventsAsync(replayId, (int)chunk!["seq"]!));
        return chunks;
    }

    public async Task<JsonArray> ChunkEventsAsync(string replayId, int seq)
    {
        var (bytes, gzip) = await ChunkBytesAsync(replayId, seq);
        if (gzip)
        {
            var inflated = new MemoryStream();
            await new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress).CopyToAsync(inflated);
            bytes = inflated.ToArray();
        }
        return JsonNode.Parse(bytes)!.AsArray();
    }

    /// <summary>A chunk's bytes as served, and whether they are gzip (Content-Encoding; HttpClient does not inflate unless asked).</summary>
    public async Task<(byte[] Bytes, bool Gzip)> ChunkBytesAsync(string replayId, int seq)
    {
        using var reply = await http.GetAsync($"/api/replays/{Uri.EscapeDataString(replayId)}/chunks/{seq}");
        reply.EnsureSuccessStatusCode();
        return (await reply.Content.ReadAsByteArrayAsync(), reply.Content.Headers.ContentEncoding.Contains("gzip"));
    }

    /// <summary>Posts one /record batch the way the SDK does, gzip-compressed.</summary>
    public async Task<HttpResponseMessage> RecordAsync(string replayId, int seq, string eventsJson, string distinctId = "tester")
    {
        var body = new MemoryStream();
        await using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(eventsJson));
        return await RecordRawAsync($"replay_id={replayId}&seq={seq}&format=gzip&distinct_id={Uri.EscapeDataString(distinctId)}", body.ToArray());
    }

    /// <summary>Posts a /record body exactly as given (a batch a browser sent, say), with the project's token.</summary>
    public async Task<HttpResponseMessage> RecordRawAsync(string query, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/record/?{query}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(server.Token + ":")));
        return await http.SendAsync(request);
    }

    /// <summary>
    /// POST /track as mixpanel-browser sends it (a form field `data`, base64 of the events' JSON), verbose;
    /// <paramref name="marker"/> goes in the query, so a trace can tell this request from the others.
    /// </summary>
    public async Task<HttpResponseMessage> TrackAsync(string marker, string distinctId, params string[] insertIds)
    {
        var events = new JsonArray([.. insertIds.Select(id => (JsonNode)new JsonObject
        {
            ["event"] = $"Tracked {id}",
            ["properties"] = new JsonObject
            {
                ["token"] = server.Token, ["distinct_id"] = distinctId, ["$insert_id"] = id,
                ["time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
        })]);
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(events.ToJsonString()));
        return await http.PostAsync($"/track/?verbose=1&marker={Uri.EscapeDataString(marker)}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["data"] = data }));
    }

    /// <summary>
    /// The events the dashboard shows in a person's activity stream (the person the distinct id belongs
    /// to, every linked id's events included), oldest first; none while the person is not known yet.
    /// </summary>
    public async Task<List<JsonNode>> PersonEventsAsync(string distinctId)
    {
        using var reply = await http.GetAsync(
            $"/api/projects/{await DefaultProjectIdAsync()}/people/{Uri.EscapeDataString(distinctId)}/activity?limit=200");
        if (reply.StatusCode == HttpStatusCode.NotFound) return [];
        var text = await reply.Content.ReadAsStringAsync();
        if (!reply.IsSuccessStatusCode) throw new HttpRequestException($"GET …/people/{distinctId}/activity answered {(int)reply.StatusCode}: {text}");
        return JsonNode.Parse(text)!["sessions"]!.AsArray().SelectMany(s => s!["events"]!.AsArray()).Select(e => e!)
            .OrderBy(e => (long)e["time"]!).ToList();
    }

    /// <summary>POST /record/dropped as the SDK sends it: fetch, Basic auth, a JSON body.</summary>
    public async Task<HttpResponseMessage> ReportDroppedAsync(string replayId, int batches, int events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/record/dropped/?replay_id={replayId}")
        {
            Content = JsonContent.Create(new { batches, events }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(server.Token + ":")));
        return await http.SendAsync(request);
    }

    /// <summary>GET /settings as the SDK asks for it: the `sdk_config.config` object.</summary>
    public async Task<JsonObject> SdkConfigAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings/?$lib_version=2.83.0&mp_lib=web&sdk_config=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(server.Token + ":")));
        using var reply = await http.SendAsync(request);
        var text = await reply.Content.ReadAsStringAsync();
        if (!reply.IsSuccessStatusCode) throw new HttpRequestException($"GET /settings answered {(int)reply.StatusCode}: {text}");
        return JsonNode.Parse(text)!["sdk_config"]!["config"]!.AsObject();
    }

    /// <summary>
    /// Sets the default project's replay settings through the dashboard API, as an admin on the Settings page
    /// does. Null leaves a setting to the site's own init config.
    /// </summary>
    public async Task SetSettingsAsync(double? recordSessionsPercent = null, long? recordIdleTimeoutMs = null,
        long? recordMinMs = null, long? recordMaxMs = null, bool? recordHeatmapData = null, bool recordManually = false)
    {
        var settings = new { recordSessionsPercent, recordIdleTimeoutMs, recordMinMs, recordMaxMs, recordHeatmapData, recordManually };
        (await http.PutAsJsonAsync($"/api/projects/{await DefaultProjectIdAsync()}/settings", settings)).EnsureSuccessStatusCode();
    }

    /// <summary>Pauses ("paused") or resumes ("active") capture for the default project.</summary>
    public async Task SetCaptureAsync(string status) =>
        (await http.PostAsJsonAsync($"/api/projects/{await DefaultProjectIdAsync()}/capture", new { status })).EnsureSuccessStatusCode();

    /// <summary>Puts the default project's replay settings back as a new server has them: nothing set, capturing, no quota.</summary>
    public async Task ResetSettingsAsync()
    {
        await SetSettingsAsync();
        await SetCaptureAsync("active");
        (await SendAsync(HttpMethod.Put, $"/api/projects/{await DefaultProjectIdAsync()}/retention", new { retentionDays = 30 })).EnsureSuccessStatusCode();
        (await SendAsync(HttpMethod.Put, $"/api/projects/{await DefaultProjectIdAsync()}/quota", new { monthlyReplayCap = (long?)null })).EnsureSuccessStatusCode();
    }

    /// <summary>The default project's import secret, as an admin reads it.</summary>
    public async Task<string> ImportSecretAsync() =>
        (string)(await GetJsonAsync($"/api/projects/{await DefaultProjectIdAsync()}/import-secret"))["secret"]!;

    int? defaultProjectId;

    public async Task<int> DefaultProjectIdAsync()
    {
        if (defaultProjectId is { } known) return known;
        var me = await GetJsonAsync("/api/auth/me");
        defaultProjectId = me["projects"]!.AsArray().First(p => (string?)p!["token"] == server.Token)!["id"]!.GetValue<int>();
        return defaultProjectId.Value;
    }

    /// <summary>A GET's body as text, for a caller that times the request or counts its bytes.</summary>
    public async Task<string> GetStringAsync(string path)
    {
        using var reply = await http.GetAsync(path);
        var text = await reply.Content.ReadAsStringAsync();
        if (!reply.IsSuccessStatusCode) throw new HttpRequestException($"GET {path} answered {(int)reply.StatusCode}: {text}");
        return text;
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var reply = await http.GetAsync(path);
        var text = await reply.Content.ReadAsStringAsync();
        if (!reply.IsSuccessStatusCode) throw new HttpRequestException($"GET {path} answered {(int)reply.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public void Dispose() => http.Dispose();
}
