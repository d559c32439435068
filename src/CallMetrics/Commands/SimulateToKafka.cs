using CallMetrics.Kafka;
using CallMetrics.Simulation;

namespace CallMetrics.Commands;

/// <summary><c>callmetrics simulate ... --kafka BOOTSTRAP [--topic call-events]</c>: the simulator's events to Kafka.</summary>
internal static class SimulateToKafka
{
    /// <summary>Runs the simulation of <paramref name="arguments"/> into <see cref="SimulateArguments.Topic"/> at <see cref="SimulateArguments.Kafka"/>.</summary>
    public static async Task<int> RunAsync(SimulateArguments arguments, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var bootstrap = arguments.Kafka ?? throw new ArgumentException("no Kafka bootstrap servers", nameof(arguments));
        var options = new KafkaOptions { BootstrapServers = bootstrap, ClientId = "callmetrics-simulator" };
        if (options.Validate() is { Count: > 0 } errors)
        {
            await context.Stderr.WriteLineAsync($"callmetrics simulate: {string.Join("; ", errors)}").ConfigureAwait(false);
            return CommandLine.UsageError;
        }

        using var producer = new KafkaEventProducer(options);
        var sink = new KafkaSimulatedEventSink(producer, arguments.Topic);
        var exit = await SimulateCommand.RunAsync(arguments, context.Stdout, context.Stderr, context.Time, sink, cancellationToken).ConfigureAwait(false);
        if (exit == 0)
        {
            await context.Stderr.WriteLineAsync($"callmetrics simulate: {sink.Written} events sent to {arguments.Topic} at {bootstrap}").ConfigureAwait(false);
        }

        return exit;
    }
}
