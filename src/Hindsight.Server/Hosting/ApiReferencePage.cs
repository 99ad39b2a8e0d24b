using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hindsight.Server.Hosting;

/// <summary>
/// /docs/api: the dashboard API's OpenAPI document as a page to read — every operation with its parameters,
/// its reply and its error, then every schema. Rendered on the server from the same document as
/// /openapi/v1.json, as plain HTML with its own style: no script, nothing fetched from elsewhere, so the
/// dashboard's strict Content-Security-Policy serves it as is.
/// </summary>
public sealed class ApiReferencePage(IServiceProvider services)
{
    public const string Path = "/docs/api";

    private const string SchemaRef = "#/components/schemas/";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private readonly Lazy<Task<string>> _html = new(() => RenderAsync(services));

    /// <summary>The document is fixed for the life of the process, so the page is rendered once.</summary>
    public Task<string> HtmlAsync() => _html.Value;

    private static async Task<string> RenderAsync(IServiceProvider services)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(OpenApiSetup.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(CancellationToken.None);
        var json = JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, CancellationToken.None))!;
        return Render(json);
    }

    public static string Render(JsonNode document)
    {
        var title = Text(document["info"]?["title"]?.GetValue<string>() ?? "API");
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} — reference</title><style>{Style}</style></head><body><main>
            <h1>{title}</h1>
            <p>Every operation of <code>/api</code>, generated from the server's own endpoints. Sign in to the dashboard first:
            these calls use its session cookie, and writes must come from the same site. The machine-readable document is
            <a href="{OpenApiSetup.DocumentPath}"><code>{OpenApiSetup.DocumentPath}</code></a>. Times are milliseconds since the Unix epoch.</p>
            """);

        // Every operation answers errors alike (OpenApiSetup): shown once, linked from each operation.
        var error = document["paths"]?.AsObject().Select(p => p.Value).OfType<JsonObject>()
            .SelectMany(item => item.Select(o => o.Value?["responses"]?["default"])).FirstOrDefault(r => r is not null);
        if (error is not null)
        {
            html.Append($"<section class=\"errors\" id=\"errors\"><h2>Errors</h2><p>{Text(error["description"]?.GetValue<string>())} " +
                        "The status says what kind: 400 a bad request, 401 no session, 403 not allowed, 404 not found, 429 too many, with Retry-After.</p>");
            AppendSchemaBody(html, error["content"]?["application/json"]?["schema"]);
            html.Append("</section>");
        }

        html.Append("<h2>Operations</h2>");

        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
            foreach (var method in Methods)
                if (item?[method] is JsonObject operation) AppendOperation(html, method.ToUpperInvariant(), path, operation);

        html.Append("<h2>Schemas</h2>");
        foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
        {
            html.Append($"<section class=\"schema\" id=\"schema-{Text(name)}\"><h3>{Text(name)}</h3>");
            AppendSchemaBody(html, schema);
            html.Append("</section>");
        }
        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    private static void AppendOperation(StringBuilder html, string method, string path, JsonObject operation)
    {
        html.Append($"<section class=\"operation\" id=\"{Anchor(method + path)}\"><h3><span class=\"method\">{method}</span> <code>{Text(path)}</code></h3>");
        if (operation["summary"]?.GetValue<string>() is { } summary) html.Append($"<p>{Text(summary)}</p>");
        if (operation["description"]?.GetValue<string>() is { } description) html.Append($"<p>{Text(description)}</p>");

        if (operation["parameters"] is JsonArray { Count: > 0 } parameters)
        {
            html.Append("<table><thead><tr><th>Parameter</th><th>In</th><th>Type</th><th>Required</th></tr></thead><tbody>");
            foreach (var parameter in parameters)
                html.Append($"<tr><td><code>{Text(parameter?["name"]?.GetValue<string>())}</code></td><td>{Text(parameter?["in"]?.GetValue<string>())}</td>" +
                            $"<td>{TypeOf(parameter?["schema"])}</td><td>{(parameter?["required"]?.GetValue<bool>() == true ? "yes" : "no")}</td></tr>");
            html.Append("</tbody></table>");
        }
        if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } body)
            html.Append($"<p><b>Request body</b>: {TypeOf(body)}</p>");

        html.Append("<dl class=\"responses\">");
        foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
        {
            if (status == "default")
            {
                html.Append("<dt>Any other status</dt><dd><a href=\"#errors\">an error</a></dd>");
                continue;
            }
            html.Append($"<dt>{Text(status)}</dt><dd>{Text(response?["description"]?.GetValue<string>())}");
            if (response?["content"]?["application/json"]?["schema"] is { } schema)
            {
                if (schema["$ref"] is null && schema["properties"] is not null) AppendSchemaBody(html, schema);
                else html.Append($" — {TypeOf(schema)}");
            }
            html.Append("</dd>");
        }
        html.Append("</dl></section>");
    }

    private static void AppendSchemaBody(StringBuilder html, JsonNode? schema)
    {
        if (schema?["properties"] is not JsonObject properties)
        {
            html.Append($"<p>{TypeOf(schema)}</p>");
            return;
        }
        var required = schema["required"]?.AsArray().Select(r => r?.GetValue<string>()).ToHashSet() ?? [];
        html.Append("<table><thead><tr><th>Field</th><th>Type</th><th>Always sent</th></tr></thead><tbody>");
        foreach (var (name, property) in properties)
            html.Append($"<tr><td><code>{Text(name)}</code></td><td>{TypeOf(property)}</td><td>{(required.Contains(name) ? "yes" : "no")}</td></tr>");
        html.Append("</tbody></table>");
    }

    /// <summary>A schema as a short type: <c>integer (int64) | null</c>, <c>ReplaySummary[]</c>, <c>"active" | "paused"</c>.</summary>
    private static string TypeOf(JsonNode? schema)
    {
        if (schema is null) return "any";
        if (schema["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith(SchemaRef, StringComparison.Ordinal))
        {
            var name = Text(reference[SchemaRef.Length..]);
            return $"<a href=\"#schema-{name}\">{name}</a>";
        }
        if (schema["oneOf"] is JsonArray oneOf) return string.Join(" | ", oneOf.Select(TypeOf));
        if (schema["enum"] is JsonArray values) return string.Join(" | ", values.Select(v => $"<code>{Text(v?.ToJsonString())}</code>"));

        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => t?.GetValue<string>() ?? "").ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        if (types.Count == 0) return "any JSON";
        var format = schema["format"]?.GetValue<string>() is { } f ? $" ({Text(f)})" : "";
        return string.Join(" | ", types.Select(type => type switch
        {
            "array" => $"{TypeOf(schema["items"])}[]",
            "null" => "null",
            "object" => "object",
            "integer" or "number" => Text(type) + format,
            _ => Text(type),
        }));
    }

    /// <summary>An id from "GET/api/replays/{replayId}": get-api-replays-replayid.</summary>
    private static string Anchor(string text) =>
        Regex.Replace(text.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

    private static string Text(string? text) => WebUtility.HtmlEncode(text ?? "");

    private const string Style =
        "body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f7f8fa}" +
        "main{max-width:960px;margin:0 auto;padding:24px}h1{margin-top:0}" +
        "section{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:4px 16px 12px;margin:12px 0}" +
        ".method{display:inline-block;min-width:48px;font-size:12px;font-weight:700;color:#fff;background:#3b5bdb;border-radius:4px;padding:2px 6px;text-align:center}" +
        "table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;border-bottom:1px solid #eef0f4;padding:4px 8px;vertical-align:top}" +
        "th{font-size:12px;color:#5b6475;font-weight:600}code{font:13px ui-monospace,monospace}dt{font-weight:600;margin-top:8px}dd{margin-left:16px}" +
        "a{color:#3b5bdb}";
}
