using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// <c>callmetrics dev-broker</c> (options in <c>Commands/DevBrokerDefinition.cs</c>): runs an
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

    /// <summary>
    /// Runs the broker until <paramref name="cancellationToken"/> is cancelled. The first line on
    /// <paramref name="stdout"/> is the bootstrap servers, <c>127.0.0.1:PORT[,...]</c>; the port file, when
    /// asked for, holds the same line and appears only once the topics exist, so scripts can wait for it.
    /// </summary>
    /// <param name="parsed">The parsed options.</param>
    /// <param name="stdout">Where the bootstrap servers are printed.</param>
    /// <param name="stderr">Where progress and warnings go.</param>
    /// <param name="cancellationToken">Stops the broker.</param>
    /// <returns>0 after a clean stop, 1 when the broker could not start.</returns>
    public static Task<int> RunAsync(DevBrokerArguments parsed, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(parsed, stdout, stderr, RetentionCheckInterval, cancellationToken);

    /// <summary>As <see cref="RunAsync(DevBrokerArguments, TextWriter, TextWriter, CancellationToken)"/>, checking for dropped records every <paramref name="retentionCheckInterval"/>.</summary>
    internal static async Task<int> RunAsync(
        DevBrokerArguments parsed, TextWriter stdout, TextWriter stderr, TimeSpan retentionCheckInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

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

    private static void WriteAtomically(string path, string content)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
