using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Memory;

namespace Hindsight.Server.Hosting;

/// <summary>
/// Maps the short HINDSIGHT_* environment variables a newcomer types onto configuration keys, so they
/// bind like any other setting (Hindsight__DataPath works too).
/// </summary>
public static class HindsightVariables
{
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        ["HINDSIGHT_DATA"] = "Hindsight:DataPath",
        ["HINDSIGHT_ADMIN_EMAIL"] = "Hindsight:AdminEmail",
        ["HINDSIGHT_ADMIN_PASSWORD"] = "Hindsight:AdminPassword",
        ["HINDSIGHT_DEFAULT_PROJECT_TOKEN"] = "Hindsight:DefaultProjectToken",
        ["HINDSIGHT_PUBLIC_URL"] = "Hindsight:PublicUrl",
    };

    /// <summary>
    /// Adds the variables just before the command line, so `--Hindsight:DataPath=...` still wins over
    /// them while they win over appsettings files.
    /// </summary>
    public static void AddHindsightVariables(this IConfigurationManager configuration, Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        var values = new Dictionary<string, string?>();
        foreach (var (variable, key) in Keys)
        {
            var value = lookup(variable);
            if (!string.IsNullOrEmpty(value)) values[key] = value;
        }
        if (values.Count == 0) return;

        var source = new MemoryConfigurationSource { InitialData = values };
        var commandLine = configuration.Sources.ToList().FindIndex(s => s is CommandLineConfigurationSource);
        if (commandLine < 0) configuration.Sources.Add(source);
        else configuration.Sources.Insert(commandLine, source);
    }
}
