namespace CallMetrics.Simulation;

/// <summary>What <c>callmetrics simulate</c> runs with, parsed and validated (<c>Commands/SimulateDefinition.cs</c>).</summary>
public sealed class SimulateArguments
{
    /// <summary>The default of <see cref="Topic"/>.</summary>
    public const string DefaultTopic = "call-events";

    /// <summary>The contact center to simulate (validated).</summary>
    public required SimulationOptions Options { get; init; }

    /// <summary>Output file, or <c>-</c> for standard output (default).</summary>
    public string Output { get; init; } = "-";

    /// <summary>Simulated seconds per wall-clock second; 0 = as fast as possible.</summary>
    public double Speed { get; init; }

    /// <summary>Progress lines on standard error.</summary>
    public bool Progress { get; init; }

    /// <summary>Kafka bootstrap servers to send the events to instead of <see cref="Output"/>; null for none.</summary>
    public string? Kafka { get; init; }

    /// <summary>The Kafka topic, with <see cref="Kafka"/>.</summary>
    public string Topic { get; init; } = DefaultTopic;
}
