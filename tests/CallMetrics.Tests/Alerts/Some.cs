using CallMetrics.Alerts;

namespace CallMetrics.Tests.Alerts;

/// <summary>Alert changes for tests, in METRICS.md's example shape.</summary>
internal static class Some
{
    public static readonly DateTimeOffset At = new(2026, 11, 22, 9, 14, 0, TimeSpan.Zero);

    public static AlertChange Firing(string rule = "long-wait", string queue = "sales", double? value = 135.5, string tenant = "default", int minutes = 0) =>
        AlertChange.Create(rule, [new("tenant", tenant), new("queue", queue)], AlertState.Firing, At.AddMinutes(minutes), value);

    public static AlertChange Resolved(string rule = "long-wait", string queue = "sales", double? value = null, string tenant = "default", int minutes = 5) =>
        AlertChange.Create(rule, [new("tenant", tenant), new("queue", queue)], AlertState.Resolved, At.AddMinutes(minutes), value);
}
