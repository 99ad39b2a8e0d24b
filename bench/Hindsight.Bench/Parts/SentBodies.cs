using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Hindsight.Bench.Parts;

/// <summary>
/// The body of every POST a context's pages hand to the network, byte for byte, reported from inside the
/// page: an init script (run before any page script, so before any SDK) passes fetch, XMLHttpRequest and
/// sendBeacon calls through unchanged and reports each body to the harness. The browser's own network
/// events do not carry a body given as a Blob (mixpanel-browser's gzip batches), so they cannot count it.
/// </summary>
public sealed class SentBodies
{
    const string Hook = """
        (() => {
          const report = window.__benchSent;
          const toBase64 = (bytes) => {
            let binary = '';
            for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
            return btoa(binary);
          };
          const send = (url, body) => {
            const absolute = String(new URL(url, location.href));
            if (body == null) return report(absolute, '');
            if (typeof body === 'string') return report(absolute, toBase64(new TextEncoder().encode(body)));
            if (body instanceof URLSearchParams) return report(absolute, toBase64(new TextEncoder().encode(body.toString())));
            if (body instanceof Blob) return body.arrayBuffer().then((b) => report(absolute, toBase64(new Uint8Array(b))));
            if (body instanceof ArrayBuffer) return report(absolute, toBase64(new Uint8Array(body)));
            if (ArrayBuffer.isView(body)) return report(absolute, toBase64(new Uint8Array(body.buffer, body.byteOffset, body.byteLength)));
            report(absolute, toBase64(new TextEncoder().encode(String(body))));
          };
          const fetch = window.fetch;
          window.fetch = function (input, init) {
            const method = ((init && init.method) || (input && input.method) || 'GET').toUpperCase();
            if (method === 'POST') send(typeof input === 'string' || input instanceof URL ? String(input) : input.url, init && init.body);
            return fetch.apply(this, arguments);
          };
          const open = XMLHttpRequest.prototype.open, xhrSend = XMLHttpRequest.prototype.send;
          XMLHttpRequest.prototype.open = function (method, url) {
            this.__bench = { method: String(method).toUpperCase(), url: String(url) };
            return open.apply(this, arguments);
          };
          XMLHttpRequest.prototype.send = function (body) {
            if (this.__bench && this.__bench.method === 'POST') send(this.__bench.url, body);
            return xhrSend.apply(this, arguments);
          };
          if (navigator.sendBeacon) {
            const beacon = navigator.sendBeacon.bind(navigator);
            navigator.sendBeacon = (url, data) => { send(url, data); return beacon(url, data); };
          }
        })();
        """;

    readonly ConcurrentQueue<(string Url, byte[] Body)> bodies = new();

    SentBodies() { }

    public static async Task<SentBodies> AttachAsync(IBrowserContext context)
    {
        var sent = new SentBodies();
        await context.ExposeFunctionAsync<string, string, bool>("__benchSent", (url, base64) =>
        {
            sent.bodies.Enqueue((url, Convert.FromBase64String(base64)));
            return true;
        });
        await context.AddInitScriptAsync(Hook);
        return sent;
    }

    /// <summary>The bodies sent to a URL, in the order they were sent.</summary>
    public IReadOnlyList<(string Url, byte[] Body)> All => bodies.ToList();
}
