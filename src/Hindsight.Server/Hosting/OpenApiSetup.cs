using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace Hindsight.Server.Hosting;

/// <summary>
/// The dashboard API's contract, generated from the endpoints themselves at /openapi/v1.json (committed as
/// docs/openapi.json). Only /api is described: the SDK endpoints speak mixpanel-browser's protocol, which
/// docs/PROTOCOL.md describes, and the dashboard's pages and files are no API.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddDashboardOpenApi(this IServiceCollection services) => services
        // The server writes numbers as numbers. The web defaults also read numbers from strings, which made
        // the document say every number may be a string; /api reads its bodies with its own bounded readers.
        .ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict)
        .AddSingleton<ApiReferencePage>()
        .AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true
                                             || description.RelativePath == "api";
            // The document must not depend on the address the request came to, or the committed copy would differ.
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Servers = [];
                document.Info.Title = "Hindsight dashboard API";
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer(OpenApiWrittenShapes.MarkWrittenPropertiesRequired);
            // Handlers answer errors as JsonHttpResult<ApiError>, whose status is chosen at run time.
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(ApiError), null, ct);
                operation.Responses ??= [];
                operation.Responses["default"] = new OpenApiResponse
                {
                    Description = "An error: a stable code (`error`), a message, and the field it is about when there is one.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                };
            });
        });

    public static IEndpointRouteBuilder MapDashboardOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.MapGet(ApiReferencePage.Path, async (ApiReferencePage page) => TypedResults.Text(await page.HtmlAsync(), "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
