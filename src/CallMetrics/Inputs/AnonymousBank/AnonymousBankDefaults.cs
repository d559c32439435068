namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>The defaults of <see cref="AnonymousBankOptions"/>, in one place.</summary>
public static class AnonymousBankDefaults
{
    /// <summary>Default <see cref="AnonymousBankOptions.Date"/>: 2026-11-22.</summary>
    public static readonly DateOnly Date = new(2026, 11, 22);

    /// <summary>Default <see cref="AnonymousBankOptions.Wrap"/>: 30 s, a common after-call work time for short banking calls.</summary>
    public static readonly TimeSpan Wrap = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="AnonymousBankOptions.LoginLead"/>: 5 min.</summary>
    public static readonly TimeSpan LoginLead = TimeSpan.FromMinutes(5);

    /// <summary>Default <see cref="AnonymousBankOptions.LogoutLag"/>: 5 min.</summary>
    public static readonly TimeSpan LogoutLag = TimeSpan.FromMinutes(5);

    /// <summary>Default <see cref="AnonymousBankOptions.SessionGap"/>: 30 min.</summary>
    public static readonly TimeSpan SessionGap = TimeSpan.FromMinutes(30);

    /// <summary>Default <see cref="AnonymousBankOptions.Tenant"/>: <c>default</c>.</summary>
    public const string Tenant = "default";
}
