namespace Hindsight.Server.Projects;

public static class ProjectsSetup
{
    public static IServiceCollection AddProjects(this IServiceCollection services) =>
        services.AddSingleton<ProjectStore>().AddSingleton<DefaultProject>().AddSingleton<ImportSecrets>();
}
