using Hindsight.Server.Accounts;
using Hindsight.Server.Hosting;
using Hindsight.Server.Projects;

namespace Hindsight.Server.Tests;

public sealed class BannerTests
{
    private static readonly Project Project = new() { Id = 1, Name = "Default project", Token = "0123456789abcdef0123456789abcdef" };

    private static BannerInfo Info(string? snippet, AdminSignIn? admin = null) => new(
        "http://127.0.0.1:5080", admin ?? new AdminSignIn("admin@hindsight.local", "s3cret-generated", "data/initial-admin-password", false),
        Project, snippet, "wwwroot/sdk/snippet.html");

    [Fact]
    public void The_first_line_names_the_dashboard_url_exactly()
    {
        var lines = BannerText.Compose(Info(null)).Split(Environment.NewLine);

        Assert.Equal("Hindsight is listening on http://127.0.0.1:5080", lines[0]);
    }

    [Fact]
    public void The_banner_shows_credentials_token_demo_and_the_snippet_filled_in()
    {
        var text = BannerText.Compose(Info("<script>hindsight.init('{{TOKEN}}', { api_host: '{{API_HOST}}' })</script>"));

        Assert.Contains("admin@hindsight.local", text);
        Assert.Contains("s3cret-generated", text);
        Assert.Contains("data/initial-admin-password", text);
        Assert.Contains("0123456789abcdef0123456789abcdef", text);
        Assert.Contains("http://127.0.0.1:5080/demo/", text);
        Assert.Contains("<script>hindsight.init('0123456789abcdef0123456789abcdef', { api_host: 'http://127.0.0.1:5080' })</script>", text);
        Assert.DoesNotContain("{{", text);
    }

    [Fact]
    public void Without_a_built_SDK_the_banner_says_so()
    {
        Assert.Contains("SDK is not built yet", BannerText.Compose(Info(null)));
    }

    [Fact]
    public void A_password_given_by_variable_is_not_printed()
    {
        var text = BannerText.Compose(Info(null, new AdminSignIn("admin@hindsight.local", null, null, PasswordFromConfiguration: true)));

        Assert.Contains("HINDSIGHT_ADMIN_PASSWORD", text);
    }

    [Theory]
    [InlineData("https://replays.example.com/", new[] { "http://127.0.0.1:5080" }, "https://replays.example.com")]
    [InlineData(null, new[] { "http://127.0.0.1:41234", "http://[::1]:41234" }, "http://127.0.0.1:41234")]
    [InlineData(null, new[] { "http://[::]:5080" }, "http://localhost:5080")]
    [InlineData(null, new[] { "http://0.0.0.0:8080" }, "http://localhost:8080")]
    [InlineData(null, new string[0], null)]
    public void The_base_url_is_the_public_url_or_the_first_bound_address(string? publicUrl, string[] addresses, string? expected)
    {
        Assert.Equal(expected, StartupBanner.BaseUrl(publicUrl, addresses));
    }
}
