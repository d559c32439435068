using System.Globalization;
using CallMetrics.Replay;
using CallMetrics.Streaming.Wiring;

namespace CallMetrics.Commands;

/// <summary>
/// <c>callmetrics replay</c> (METRICS.md "Replay contract"): canonical events in, line protocol out,
/// deterministic. Exit 0 when the input was read (even with rejected events); 2 with a one-line
/// message for unusable arguments; 1 for an unreadable input.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>Replays <see cref="ReplayArguments.Input"/> and prints its metrics on <paramref name="stdout"/>.</summary>
    public static async Task<int> RunAsync(ReplayArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var inputPath = arguments.Input;
        Stream input;
        try
        {
            input = inputPath == "-" ? Console.OpenStandardInput() : new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await stderr.WriteLineAsync($"callmetrics replay: cannot read input '{inputPath}': {exception.Message}").ConfigureAwait(false);
            return 1;
        }

        var deadLetterPath = arguments.DeadLetter;
        TextWriter deadLetterOutput;
        try
        {
            deadLetterOutput = deadLetterPath is null ? stderr : new StreamWriter(deadLetterPath, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await input.DisposeAsync().ConfigureAwait(false);
            await stderr.WriteLineAsync($"callmetrics replay: cannot write dead letters to '{deadLetterPath}': {exception.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            using var deadLetters = new DeadLetterFileWriter(deadLetterOutput);
            var summary = await ReplayWiring.RunAsync(arguments.Options, input, stdout, deadLetters, arguments.Translator, cancellationToken).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!arguments.Quiet)
            {
                await stderr.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"callmetrics replay: {summary.Lines} lines, {summary.Accepted} events accepted, {summary.Rejected} rejected ({summary.Late} late), {summary.Duplicates} duplicates, {summary.Anomalies} anomalies, {summary.LinesWritten} metric lines written")).ConfigureAwait(false);
            }

            return 0;
        }
        catch (IOException exception)
        {
            await stderr.WriteLineAsync($"callmetrics replay: error reading '{inputPath}': {exception.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await input.DisposeAsync().ConfigureAwait(false);
            if (deadLetterPath is not null)
            {
                await deadLetterOutput.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
