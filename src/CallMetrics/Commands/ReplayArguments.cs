using CallMetrics.Core.Options;
using CallMetrics.Inputs;

namespace CallMetrics.Commands;

/// <summary>What <c>callmetrics replay</c> runs with, parsed and validated (<see cref="ReplayDefinition"/>).</summary>
internal sealed class ReplayArguments
{
    /// <summary>The input file, or <c>-</c> for standard input.</summary>
    public required string Input { get; init; }

    /// <summary>Where rejected events go; null for standard error.</summary>
    public string? DeadLetter { get; init; }

    /// <summary>No summary line on standard error.</summary>
    public bool Quiet { get; init; }

    /// <summary>The metric definitions (METRICS.md).</summary>
    public required MetricsOptions Options { get; init; }

    /// <summary>The translator of <c>--format</c>; null for canonical events.</summary>
    public IEventTranslator? Translator { get; init; }

    /// <summary>The alert rules of <c>--alert-rules</c>; null for none.</summary>
    public IReadOnlyList<Core.Alerts.AlertRule>? AlertRules { get; init; }

    /// <summary>Where the alerts go (<c>--alerts-out</c>); given with <see cref="AlertRules"/>.</summary>
    public string? AlertsOut { get; init; }
}
