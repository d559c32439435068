namespace CallMetrics.Simulation;

/// <summary>
/// <c>callmetrics simulate</c>: runs <see cref="CallCenterSimulator"/> and writes its events as JSON Lines
/// to a file or standard output, optionally paced at a multiple of real time (<c>--speed</c>).
/// </summary>
public static class SimulateCommand
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs the simulation of <paramref name="parsed"/>, sending the events to <paramref name="sink"/> (e.g. Kafka)
    /// when it is not null, else to <see cref="SimulateArguments.Output"/>. Returns 0 on success, 1 for an output
    /// error, 130 when cancelled. The caller owns the sink.
    /// </summary>
    public static async Task<int> RunAsync(SimulateArguments parsed, TextWriter stdout, TextWriter stderr, TimeProvider timeProvider, ISimulatedEventSink? sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var simulator = new CallCenterSimulator(parsed.Options);
        var runner = new SimulationRunner(timeProvider, parsed.Speed, parsed.Progress ? stderr : null, ProgressInterval);
        if (sink is null)
        {
            return await WriteAsync(parsed.Output, stdout, stderr, output => runner.RunAsync(simulator, output, ct)).ConfigureAwait(false);
        }

        try
        {
            await runner.RunAsync(simulator, sink, ct).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("callmetrics simulate: cancelled").ConfigureAwait(false);
            return 130;
        }
    }

    /// <summary>
    /// Opens the output named by <paramref name="output"/> (<c>-</c> = <paramref name="stdout"/>), runs
    /// <paramref name="run"/> against it, and maps failures to one-line messages and exit codes.
    /// </summary>
    internal static async Task<int> WriteAsync(string output, TextWriter stdout, TextWriter stderr, Func<ISimulatedEventSink, Task<long>> run, string command = "simulate")
    {
        try
        {
            if (output == "-")
            {
                if (ReferenceEquals(stdout, Console.Out))
                {
                    // The process's own standard output: write bytes, skipping UTF-8 -> UTF-16 -> UTF-8.
                    await stdout.FlushAsync().ConfigureAwait(false);
                    var console = Console.OpenStandardOutput();
                    await using (console.ConfigureAwait(false))
                    {
                        var buffered = new BufferedStream(console, 1 << 16);
                        await using (buffered.ConfigureAwait(false))
                        {
                            await run(new JsonLinesEventSink(buffered)).ConfigureAwait(false);
                        }
                    }
                }
                else
                {
                    await run(new TextWriterEventSink(stdout)).ConfigureAwait(false);
                }

                return 0;
            }

            var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
            await using (file.ConfigureAwait(false))
            {
                await run(new JsonLinesEventSink(file)).ConfigureAwait(false);
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync($"callmetrics {command}: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            await stderr.WriteLineAsync($"callmetrics {command}: cannot write --output '{output}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
