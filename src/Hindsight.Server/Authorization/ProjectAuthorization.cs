using Hindsight.Server.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Hindsight.Server.Authorization;

/// <summary>One policy per permission, attached to route groups and endpoints with <see cref="RequireProjectPermission{T}"/>.</summary>
public static class ProjectAuthorization
{
    public static string PolicyName(Permission permission) => $"project:{permission}";

    public static IServiceCollection AddProjectAuthorization(this IServiceCollection services)
    {
        var builder = services.AddAuthorizationBuilder();
        foreach (var permission in Enum.GetValues<Permission>())
            builder.AddPolicy(PolicyName(permission), policy => policy.RequireAuthenticatedUser().AddRequirements(new ProjectPermissionRequirement(permission)));
        services.AddSingleton<IAuthorizationHandler, ProjectPermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProjectAuthorizationResults>();
        return services;
    }

    public static T RequireProjectPermission<T>(this T endpoints, Permission permission) where T : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(PolicyName(permission));
}

/// <summary>A project policy's refusal answers its precise JSON error (400, 403 or 404); everything else as usual.</summary>
public sealed class ProjectAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.AuthorizationFailure?.FailureReasons.OfType<ProjectRefusal>().FirstOrDefault() is { } refusal)
            return ApiErrors.WriteAsync(context.Response, refusal.Status, refusal.Error, refusal.Message);
        return standard.HandleAsync(next, context, policy, result);
    }
}
