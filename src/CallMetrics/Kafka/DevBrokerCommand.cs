namespace CallMetrics.Kafka;

/// <summary>
/// <c>callmetrics dev-broker</c> (options in <c>Commands/DevBrokerDefinition.cs</c>): runs an
/// in-memory Kafka cluster (<see cref="MockKafkaCluster"/>) on 127.0.0.1 for the demo and local tests,
/// prints its bootstrap servers, and keeps it up until cancelled (SIGINT/SIGTERM in the dispatcher).
/// </summary>
public static class DevBrokerCommand
{
    /// <summary>The command's name on the command line.</summary>
    public const string Name = "dev-broker";

    /// <summary>
    /// Runs the broker until <paramref name="cancellationToken"/> is cancelled. The first line on
    /// <paramref name="stdout"/> is the bootstrap servers, <c>127.0.0.1:PORT[,...]</c>; the port file, when
    /// asked for, holds the same line and appears only once the topics exist, so scripts can wait for it.
    /// </summary>
    /// <param name="parsed">The parsed options.</param>
    /// <param name="stdout">Where the bootstrap servers are printed.</param>
    /// <param name="stderr">Where progress and errors go.</param>
    /// <param name="cancellationToken">Stops the broker.</param>
    /// <returns>0 after a clean stop, 1 when the broker could not start.</returns>
    public static async Task<int> RunAsync(DevBrokerArguments parsed, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
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
                    $"dev-broker: {cluster} (in memory; stop with Ctrl-C)").ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
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

    private static void WriteAtomically(string path, string content)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
