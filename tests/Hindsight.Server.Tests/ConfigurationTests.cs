using Hindsight.Server.Hosting;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

public sealed class HindsightVariablesTests
{
    [Fact]
    public void The_short_variables_bind_to_the_Hindsight_section_and_the_command_line_still_wins()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationManager();
        Microsoft.Extensions.Configuration.CommandLineConfigurationExtensions.AddCommandLine(configuration, ["--Hindsight:PublicUrl=https://from-command-line.example"]);
        var variables = new Dictionary<string, string>
        {
            ["HINDSIGHT_DATA"] = "/srv/hindsight",
            ["HINDSIGHT_ADMIN_EMAIL"] = "ops@example.com",
            ["HINDSIGHT_ADMIN_PASSWORD"] = "from variable",
            ["HINDSIGHT_DEFAULT_PROJECT_TOKEN"] = "fixed-token",
            ["HINDSIGHT_PUBLIC_URL"] = "https://from-variable.example",
        };

        configuration.AddHindsightVariables(name => variables.GetValueOrDefault(name));

        Assert.Equal("/srv/hindsight", configuration["Hindsight:DataPath"]);
        Assert.Equal("ops@example.com", configuration["Hindsight:AdminEmail"]);
        Assert.Equal("from variable", configuration["Hindsight:AdminPassword"]);
        Assert.Equal("fixed-token", configuration["Hindsight:DefaultProjectToken"]);
        Assert.Equal("https://from-command-line.example", configuration["Hindsight:PublicUrl"]);
    }
}

public sealed class BadLimitsFactory : HindsightFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Hindsight:Ingest:MaxEventsPerBatch"] = "0",
    };
}

public sealed class OptionsValidationTests
{
    [Fact]
    public async Task A_limit_of_zero_stops_the_server_at_start_with_a_clear_message()
    {
        await using var factory = new BadLimitsFactory();

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Hindsight:Ingest", error.ToString());
    }
}
