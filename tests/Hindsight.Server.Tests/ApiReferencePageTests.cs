using System.Net;
using System.Text.Json.Nodes;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

/// <summary>/docs/api: the committed OpenAPI document as a page, served without a session and without scripts.</summary>
public sealed class ApiReferencePageTests(HindsightFactory factory) : IClassFixture<HindsightFactory>
{
    private static readonly JsonNode Document = JsonNode.Parse(RepositoryFiles.Read("docs/openapi.json"))!;

    public static TheoryData<string, string> Operations()
    {
        var operations = new TheoryData<string, string>();
        foreach (var (path, item) in Document["paths"]!.AsObject())
            foreach (var (method, _) in item!.AsObject())
                operations.Add(method.ToUpperInvariant(), path);
        return operations;
    }

    [Fact]
    public async Task The_reference_page_is_served_to_anyone_as_html_under_the_dashboards_policy()
    {
        using var reply = await factory.CreateClient().GetAsync("/docs/api");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("text/html", reply.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", Assert.Single(reply.Headers.GetValues("Content-Security-Policy")));
        var page = await reply.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Hindsight dashboard API</h1>", page);
        // Nothing the policy would block, nothing from elsewhere.
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", page);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task The_reference_page_names_every_operation_of_the_document(string method, string path)
    {
        var page = await factory.CreateClient().GetStringAsync("/docs/api");

        Assert.Contains($"<span class=\"method\">{method}</span> <code>{path}</code>", page);
    }

    [Fact]
    public async Task The_reference_page_shows_each_schema_with_its_fields_and_the_error_reply()
    {
        var page = await factory.CreateClient().GetStringAsync("/docs/api");

        foreach (var (name, _) in Document["components"]!["schemas"]!.AsObject())
            Assert.Contains($"id=\"schema-{name}\"", page);
        // A field, its type with nullability, and whether it is always sent.
        Assert.Contains("<tr><td><code>nextCursor</code></td><td>null | string</td><td>yes</td></tr>", page);
        Assert.Contains("<a href=\"#schema-ReplaySummary\">ReplaySummary</a>[]", page);
        // The error reply, once, linked from each operation.
        Assert.Contains("<tr><td><code>field</code></td><td>string</td><td>no</td></tr>", page);
        Assert.Equal(Operations().Count, page.Split("<a href=\"#errors\">an error</a>").Length - 1);
    }
}
