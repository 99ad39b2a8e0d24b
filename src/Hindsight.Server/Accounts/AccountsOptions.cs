namespace Hindsight.Server.Accounts;

/// <summary>Section "Hindsight:Accounts".</summary>
public sealed class AccountsOptions
{
    public const string Section = "Hindsight:Accounts";

    /// <summary>Failed sign-in attempts allowed per client address per minute; after them, 429 until the minute ends.</summary>
    public int FailedLoginsPerMinute { get; set; } = 10;

    /// <summary>A session ends after this long without use (the cookie slides while it is used).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);
}
