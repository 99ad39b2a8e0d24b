namespace Hindsight.Server.AccessLog;

public static class AccessLogSetup
{
    /// <summary>Who opened which replay and changed what (AccessLog/), kept <see cref="KeepDays"/> days.</summary>
    public static IServiceCollection AddAccessLog(this IServiceCollection services) => services.AddSingleton<AccessLogStore>();

    /// <summary>Lines older than this are deleted by the retention sweep.</summary>
    public const int KeepDays = 400;
}
