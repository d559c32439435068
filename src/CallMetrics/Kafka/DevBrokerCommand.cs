using System.Globalization;

using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// <c>callmetrics dev-broker [--brokers N] [--topic NAME:PARTITIONS ...] [--port-file FILE]</c>: runs an
/// in-memory Kafka cluster (<see cref="MockKafkaCluster"/>) on 127.0.0.1 for the demo and local tests,
/// prints its bootstrap servers, and keeps it up until cancelled (SIGINT/SIGTERM in the dispatcher).
/// </summary>
/// <remarks>
/// The mock <see cref="MockKafkaCluster.RetentionText"/>: while it runs, a <see cref="MockClusterRetentionWatch"/>
/// checks every <see cref="RetentionCheckInterval"/> and prints a warning on standard error for each partition
/// that lost records.
/// </remarks>
public static class DevBrokerCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "dev-broker";

    /// <summary>How often the running broker checks whether it dropped records: every 5 s.</summary>
    public static readonly TimeSpan RetentionCheckInterval = TimeSpan.FromSeconds(5);

    private const string Options =
        "usage: callmetrics dev-broker [--brokers N] [--topic NAME:PARTITIONS ...] [--port-file FILE]\n"
        + "  --brokers N                 number of brokers (default 1)\n"
        + "  --topic NAME:PARTITIONS     create a topic (repeatable; other topics are auto-created with 4 partitions)\n"
        + "  --port-file FILE            also write the bootstrap servers to FILE (removed on exit)\n"
        + "\n"
        + "An in-memory broker for demos and tests (librdkafka's mock cluster): it " + MockKafkaCluster.RetentionText + ".\n"
        + "Give each topic about one partition per 4 MB it must hold; the broker warns on stderr when it drops records.";

    /// <summary>
    /// Runs the broker until <paramref name="cancellationToken"/> is cancelled. The first line on
    /// <paramref name="stdout"/> is the bootstrap servers, <c>127.0.0.1:PORT[,...]</c>; the port file, when
    /// asked for, holds the same line and appears only once the topics exist, so scripts can wait for it.
    /// </summary>
    /// <param name="args">The options after the command name.</param>
    /// <param name="stdout">Where the bootstrap servers are printed.</param>
    /// <param name="stderr">Where usage errors and progress go.</param>
    /// <param name="cancellationToken">Stops the broker.</param>
    /// <returns>0 after a clean stop, 1 when the broker could not start, 2 on a usage error.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, RetentionCheckInterval, cancellationToken);

    /// <summary>As <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>, checking for dropped records every <paramref name="retentionCheckInterval"/>.</summary>
    internal static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, TimeSpan retentionCheckInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (!TryParse(args, out Arguments? parsed, out string? error))
        {
            await stderr.WriteLineAsync(error).ConfigureAwait(false);
            await stderr.WriteLineAsync(Usage()).ConfigureAwait(false);
            return 2;
        }

        if (parsed is null)
        {
            await stdout.WriteLineAsync(Usage()).ConfigureAwait(false);
            return 0;
        }

        MockKafkaCluster cluster;
        try
        {
            cluster = new MockKafkaCluster(parsed.Brokers);
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
        {
            await stderr.WriteLineAsync($"dev-broker: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        using (cluster)
        {
            try
            {
                foreach ((string topic, int partitions) in parsed.Topics)
                {
                    cluster.CreateTopic(topic, partitions);
                    await stderr.WriteLineAsync($"dev-broker: topic {topic} with {partitions} partition(s)").ConfigureAwait(false);
                }

                if (parsed.PortFile is not null)
                {
                    WriteAtomically(parsed.PortFile, cluster.BootstrapServers + "\n");
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"dev-broker: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            try
            {
                await stdout.WriteLineAsync(cluster.BootstrapServers).ConfigureAwait(false);
                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await stderr.WriteLineAsync(
                    $"dev-broker: {cluster} on {KafkaNative.Description}, in memory: it {MockKafkaCluster.RetentionText} (stop with Ctrl-C)")
                    .ConfigureAwait(false);
                await WatchRetentionAsync(cluster.BootstrapServers, retentionCheckInterval, stderr, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The normal way to stop.
            }
            finally
            {
                if (parsed.PortFile is not null)
                {
                    // A stale file would point scripts at a broker that is gone.
                    File.Delete(parsed.PortFile);
                }
            }
        }

        return 0;
    }

    // Ends only when cancelled.
    private static async Task WatchRetentionAsync(string bootstrapServers, TimeSpan interval, TextWriter stderr, CancellationToken cancellationToken)
    {
        using MockClusterRetentionWatch watch = new(bootstrapServers);
        using PeriodicTimer timer = new(interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            IReadOnlyList<DroppedRecords> dropped;
            try
            {
                dropped = await watch.CheckAsync().ConfigureAwait(false);
            }
            catch (KafkaException)
            {
                // The cluster did not answer in time (a busy machine): the next tick asks again.
                continue;
            }

            foreach (DroppedRecords partition in dropped)
            {
                await stderr.WriteLineAsync(
                    $"dev-broker: warning: records dropped: {partition} (this broker {MockKafkaCluster.RetentionText}; "
                    + "create the topic with more partitions)").ConfigureAwait(false);
            }
        }
    }

    private static string Usage()
    {
        string library;
        try
        {
            library = "it runs on " + KafkaNative.Description;
        }
        catch (DllNotFoundException e)
        {
            library = "librdkafka cannot be loaded: " + e.Message;
        }

        return Options + "\n" + library;
    }

    // Returns true with a null result for --help.
    private static bool TryParse(string[] args, out Arguments? parsed, out string? error)
    {
        parsed = null;
        error = null;
        int brokers = 1;
        string? portFile = null;
        List<(string Topic, int Partitions)> topics = [];
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help")
            {
                return true;
            }

            if (arg is not ("--brokers" or "--topic" or "--port-file"))
            {
                error = $"dev-broker: unknown option '{arg}'";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"dev-broker: {arg} needs a value";
                return false;
            }

            string value = args[++i];
            switch (arg)
            {
                case "--brokers":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out brokers) || brokers < 1 || brokers > 100)
                    {
                        error = $"dev-broker: --brokers must be a number from 1 to 100, not '{value}'";
                        return false;
                    }

                    break;
                case "--topic":
                    int colon = value.LastIndexOf(':');
                    if (colon <= 0
                        || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int partitions)
                        || partitions < 1)
                    {
                        error = $"dev-broker: --topic must be NAME:PARTITIONS with PARTITIONS at least 1, not '{value}'";
                        return false;
                    }

                    topics.Add((value[..colon], partitions));
                    break;
                default:
                    portFile = value;
                    break;
            }
        }

        parsed = new Arguments(brokers, topics, portFile);
        return true;
    }

    private static void WriteAtomically(string path, string content)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record Arguments(int Brokers, IReadOnlyList<(string Topic, int Partitions)> Topics, string? PortFile);
}
