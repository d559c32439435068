namespace CallMetrics.Commands;

/// <summary>What <c>callmetrics run</c> runs with (<see cref="RunDefinition"/>).</summary>
internal sealed class RunArguments
{
    /// <summary>
    /// The command-line configuration for the host, in order: <c>--Section:Key=value</c> (or <c>--Section:Key value</c>)
    /// settings, and <c>--urls</c> when it was given.
    /// </summary>
    public required IReadOnlyList<string> HostArguments { get; init; }
}
