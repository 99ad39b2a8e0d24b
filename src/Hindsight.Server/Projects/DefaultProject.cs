using Hindsight.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hindsight.Server.Projects;

/// <summary>Creates the default project on first start, and keeps its token as configured.</summary>
public sealed class DefaultProject(ProjectStore projects, IOptions<HindsightOptions> options)
{
    public const string Name = "Default project";

    public async Task<Project> EnsureAsync(CancellationToken ct)
    {
        var wanted = options.Value.DefaultProjectToken;
        if (wanted is not null && !ProjectTokens.IsValid(wanted))
            throw new InvalidOperationException(
                "HINDSIGHT_DEFAULT_PROJECT_TOKEN must be 1-128 characters of letters, digits, '.', '_' or '-'.");

        var existing = await projects.FindDefaultAsync(ct);
        if (existing is null) return await projects.CreateAsync(Name, wanted ?? ProjectTokens.Generate(), ct);
        if (wanted is null || wanted == existing.Token) return existing;

        // A fixed token is a declaration: a later start with another value moves the project to it.
        var owner = await projects.FindByTokenAsync(wanted, ct);
        if (owner is not null)
            throw new InvalidOperationException($"HINDSIGHT_DEFAULT_PROJECT_TOKEN is already the token of project {owner.Id}.");
        await projects.SetTokenAsync(existing.Id, wanted, ct);
        existing.Token = wanted;
        return existing;
    }
}
