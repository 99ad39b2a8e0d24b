using System.Text.Json;
using Hindsight.Server.Ingest;
using Hindsight.Server.Tests.Infrastructure;

namespace Hindsight.Server.Tests;

public sealed class UserAgentParserTests
{
    /// <summary>The table the SDK's parser is tested against too (types/user-agents.json).</summary>
    public static TheoryData<string, string?, string?, string> SharedCases()
    {
        var data = new TheoryData<string, string?, string?, string>();
        using var table = JsonDocument.Parse(RepositoryFiles.Read("types/user-agents.json"));
        foreach (var c in table.RootElement.GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("userAgent").GetString()!, c.GetProperty("browser").GetString(),
                c.GetProperty("os").GetString(), c.GetProperty("device").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(SharedCases))]
    public void Browsers_and_systems_get_the_names_the_SDK_gives_them(string userAgent, string? browser, string? os, string device)
    {
        Assert.Equal(new UserAgentInfo(browser, os, device), UserAgentParser.Parse(userAgent));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_user_agent_names_nothing(string? userAgent)
    {
        Assert.Equal(UserAgentInfo.Unknown, UserAgentParser.Parse(userAgent));
    }
}
