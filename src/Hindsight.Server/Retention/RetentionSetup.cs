namespace Hindsight.Server.Retention;

public static class RetentionSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(RetentionOptions.IsValid,
                $"{RetentionOptions.Section}: SweepInterval and LeaseDuration must be positive, BatchSize from 1 to 10000.")
            .ValidateOnStart();
        services.AddSingleton<JobLease>();
        // One instance, both the background service and what tests call.
        services.AddSingleton<RetentionSweep>();
        services.AddHostedService(s => s.GetRequiredService<RetentionSweep>());
        return services;
    }
}
