using System.Net;
using System.Text;
using Hindsight.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Hindsight.Server.Tests;

/// <summary>
/// The file-serving paths (/app, /sdk, /demo) and the replay paths never reach outside their folder. Paths
/// go to the app as given, past the URL normalising a client or Kestrel would do first, so the app's own
/// checks are what is tested.
/// </summary>
public sealed class PathTraversalTests(BuiltWebFactory factory) : IClassFixture<BuiltWebFactory>
{
    private const string Secret = "a secret beside the web root";

    public static TheoryData<string> Paths()
    {
        var paths = new TheoryData<string>();
        foreach (var root in new[] { "/app", "/sdk", "/demo", "/app/assets" })
        {
            foreach (var escape in new[]
            {
                "/../../secret.txt", "/../../../secret.txt", "/..%2f..%2fsecret.txt", "/%2e%2e/%2e%2e/secret.txt",
                "/..\\..\\secret.txt", "/....//....//secret.txt", "/../../data/secret.txt", "/%252e%252e/%252e%252e/secret.txt",
                "//etc/passwd", "/etc/passwd", "/C:/Windows/win.ini", "/..", "/.", "/index.html%00.js", "/index.html\0.js",
                "/" + new string('a', 5000) + ".js", "/" + string.Concat(Enumerable.Repeat("a/", 2000)) + "x.html",
                "/../Program.cs", "/../../appsettings.json", "/..%5c..%5cappsettings.json",
            })
                paths.Add(root + escape);
        }
        return paths;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Nothing_outside_the_served_folders_is_ever_served(string path)
    {
        PlantSecrets();

        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = new PathString(path);
        });
        var body = await new StreamReader(context.Response.Body, Encoding.UTF8).ReadToEndAsync();

        Assert.True(context.Response.StatusCode is 400 or 404 or 200, $"{path} answered {context.Response.StatusCode}");
        Assert.DoesNotContain(Secret, body);
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("\"Logging\"", body); // appsettings.json
        Assert.DoesNotContain("WebApplication.CreateBuilder", body); // Program.cs
        // A 200 can only be one of the demo's pages, or the dashboard, for a path it does not know.
        if (context.Response.StatusCode == 200)
            Assert.True(body.Contains("<title>Hindsight</title>") || path.StartsWith("/demo/"), $"{path} served: {body[..Math.Min(body.Length, 200)]}");
    }

    [Theory]
    [InlineData("/app/assets/index-abc123.js", "console.log('app');")]
    [InlineData("/sdk/hindsight.js", "window.hindsight = {};")]
    public async Task The_same_raw_request_serves_a_file_inside_its_folder(string path, string content)
    {
        // The control: the requests above would have been answered, had their path led to a file.
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = new PathString(path);
        });

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(content, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Theory]
    [InlineData("/api/replays/..%2f..%2fsecret.txt/chunks/0")]
    [InlineData("/api/replays/..%5c..%5csecret.txt/chunks/0")]
    [InlineData("/api/replays/%2e%2e/chunks/0")]
    public async Task A_replay_path_is_looked_up_as_an_id_never_opened_as_a_file(string path)
    {
        PlantSecrets();
        var client = await factory.SignedInClientAsync();

        using var reply = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.DoesNotContain(Secret, await reply.Content.ReadAsStringAsync());
    }

    private void PlantSecrets()
    {
        File.WriteAllText(Path.Combine(factory.Root, "secret.txt"), Secret);
        Directory.CreateDirectory(factory.DataPath);
        File.WriteAllText(Path.Combine(factory.DataPath, "secret.txt"), Secret);
    }
}
