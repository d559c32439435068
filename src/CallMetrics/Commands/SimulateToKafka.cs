using CallMetrics.Kafka;
using CallMetrics.Simulation;

namespace CallMetrics.Commands;

/// <summary><c>callmetrics simulate ... --kafka BOOTSTRAP [--topic call-events]</c>: the simulator's events to Kafka.</summary>
internal static class SimulateToKafka
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var rest = new List<string>();
        string? bootstrap = null;
        var topic = "call-events";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--kafka" or "--topic")
            {
                if (i + 1 >= args.Length)
                {
                    await stderr.WriteLineAsync($"callmetrics simulate: option {args[i]} needs a value").ConfigureAwait(false);
                    return 2;
                }

                if (args[i] == "--kafka")
                {
                    bootstrap = args[++i];
                }
                else
                {
                    topic = args[++i];
                }
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        if (bootstrap is null)
        {
            return await SimulateCommand.RunAsync(args, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }

        var options = new KafkaOptions { BootstrapServers = bootstrap, ClientId = "callmetrics-simulator" };
        if (options.Validate() is { Count: > 0 } errors)
        {
            await stderr.WriteLineAsync($"callmetrics simulate: {string.Join("; ", errors)}").ConfigureAwait(false);
            return 2;
        }

        using var producer = new KafkaEventProducer(options);
        var sink = new KafkaSimulatedEventSink(producer, topic);
        var exit = await SimulateCommand.RunAsync([.. rest], stdout, stderr, TimeProvider.System, sink, cancellationToken).ConfigureAwait(false);
        if (exit == 0)
        {
            await stderr.WriteLineAsync($"callmetrics simulate: {sink.Written} events sent to {topic} at {bootstrap}").ConfigureAwait(false);
        }

        return exit;
    }
}
