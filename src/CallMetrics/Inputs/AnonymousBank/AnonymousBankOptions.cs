using System.Diagnostics.CodeAnalysis;

namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>
/// How <see cref="AnonymousBankTranslator"/> fills what the data does not record (date, wrap, logins).
/// Defaults are in <see cref="AnonymousBankDefaults"/>.
/// </summary>
public sealed class AnonymousBankOptions
{
    /// <summary>The date (UTC) the file's times of day are placed on. Default 2026-11-22.</summary>
    public DateOnly Date { get; set; } = AnonymousBankDefaults.Date;

    /// <summary>
    /// After-call work after every answered call; <c>wrap.ended</c> is sent this long after <c>call.ended</c>
    /// (earlier if the agent answers the next call first). <see cref="TimeSpan.Zero"/> sends none, so the
    /// processor's <c>max_wrap</c> applies. Default 30 s.
    /// </summary>
    public TimeSpan Wrap { get; set; } = AnonymousBankDefaults.Wrap;

    /// <summary>An agent logs in this long before the first answer of a work session. Default 5 min.</summary>
    public TimeSpan LoginLead { get; set; } = AnonymousBankDefaults.LoginLead;

    /// <summary>An agent logs out this long after the end of the last wrap of a work session. Default 5 min.</summary>
    public TimeSpan LogoutLag { get; set; } = AnonymousBankDefaults.LogoutLag;

    /// <summary>A gap between an agent's calls longer than this splits the day into two sessions (logout, login). Default 30 min.</summary>
    public TimeSpan SessionGap { get; set; } = AnonymousBankDefaults.SessionGap;

    /// <summary>The tenant of every event. Default <c>default</c> (the field is then omitted).</summary>
    public string Tenant { get; set; } = AnonymousBankDefaults.Tenant;

    /// <summary>Checks the options; on failure <paramref name="error"/> names the option and the rule.</summary>
    public bool TryValidate([NotNullWhen(false)] out string? error)
    {
        error = string.IsNullOrWhiteSpace(Tenant) ? "Tenant must not be empty"
            : Date.Year < 1971 || Date.Year > 9000 ? "Date must be between 1971 and 9000"
            : Wrap < TimeSpan.Zero || Wrap > TimeSpan.FromHours(1) ? "Wrap must be between 0 and 1 h"
            : LoginLead < TimeSpan.Zero || LoginLead > TimeSpan.FromHours(1) ? "LoginLead must be between 0 and 1 h"
            : LogoutLag < TimeSpan.Zero || LogoutLag > TimeSpan.FromHours(1) ? "LogoutLag must be between 0 and 1 h"
            : SessionGap <= LoginLead + LogoutLag + Wrap ? "SessionGap must be longer than LoginLead + LogoutLag + Wrap"
            : null;
        return error is null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!TryValidate(out var error))
        {
            throw new ArgumentException(error);
        }
    }
}
