using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Hindsight.Server.Tests.Infrastructure;

/// <summary>Requests as the SDK sends them.</summary>
public static class Sdk
{
    public static byte[] Gzip(string text) => Gzip(Encoding.UTF8.GetBytes(text));

    public static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public static AuthenticationHeaderValue Basic(string token) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(token + ":")));

    /// <summary>POST /record/ with a gzip body, like the SDK's recorder.</summary>
    public static Task<HttpResponseMessage> RecordAsync(this HttpClient http, string replayId, int seq, string eventsJson,
        string extraQuery = "", string token = HindsightFactory.Token) =>
        http.RecordRawAsync($"/record/?replay_id={Uri.EscapeDataString(replayId)}&seq={seq}&format=gzip{extraQuery}", Gzip(eventsJson), token);

    public static async Task<HttpResponseMessage> RecordRawAsync(this HttpClient http, string url, byte[] body,
        string? token = HindsightFactory.Token, Action<HttpRequestMessage>? adjust = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (token is not null) request.Headers.Authorization = Basic(token);
        adjust?.Invoke(request);
        return await http.SendAsync(request);
    }

    /// <summary>Base64 of the text encoded the way mixpanel-browser does: each UTF-16 unit on its own (CESU-8).</summary>
    public static string MixpanelBase64(string text)
    {
        var bytes = new List<byte>();
        foreach (var c in text)
        {
            if (c < 0x80) bytes.Add((byte)c);
            else if (c < 0x800) bytes.AddRange([(byte)(0xC0 | (c >> 6)), (byte)(0x80 | (c & 0x3F))]);
            else bytes.AddRange([(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
        }
        return Convert.ToBase64String(bytes.ToArray());
    }

    /// <summary>A form body `data=…` as the SDK's XHR sends it.</summary>
    public static FormUrlEncodedContent Form(string data) => new([new KeyValuePair<string, string>("data", data)]);
}
