using System.Globalization;
using CallMetrics.Simulation;

namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>
/// <c>callmetrics import-anonymous-bank</c> (options in <c>Commands/ImportAnonymousBankDefinition.cs</c>):
/// translates a day of the Anonymous Bank data into canonical events (JSON Lines), reports every rejected
/// row on standard error with its line number and reason, and ends with a one-line summary.
/// </summary>
public static class ImportAnonymousBankCommand
{
    /// <summary>Runs the command; returns 0 when the file was read (even with rejected rows), 1 for I/O errors.</summary>
    public static async Task<int> RunAsync(ImportAnonymousBankArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var (input, output, options) = (arguments.Input, arguments.Output, arguments.Options);
        AnonymousBankTranslation? translation;
        try
        {
            using var reader = new StreamReader(input);
            if (!new AnonymousBankTranslator(options).TryTranslate(reader, out translation, out var error))
            {
                await stderr.WriteLineAsync($"callmetrics import-anonymous-bank: --input '{input}': {error}").ConfigureAwait(false);
                return 1;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await stderr.WriteLineAsync($"callmetrics import-anonymous-bank: cannot read --input '{input}': {e.Message}").ConfigureAwait(false);
            return 1;
        }

        foreach (var rejection in translation.Rejections)
        {
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{input}:{rejection.LineNumber}: rejected: {rejection.Reason}")).ConfigureAwait(false);
        }

        var status = await SimulateCommand.WriteAsync(output, stdout, stderr, sink => WriteAllAsync(translation.Events, sink, ct), "import-anonymous-bank").ConfigureAwait(false);
        if (status == 0)
        {
            await stderr.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"callmetrics import-anonymous-bank: {translation.Rows} rows: {translation.TranslatedRows} translated, {translation.Rejections.Count} rejected; {translation.Events.Count} events")).ConfigureAwait(false);
        }

        return status;
    }

    private static async Task<long> WriteAllAsync(IReadOnlyList<SimulatedEvent> events, ISimulatedEventSink sink, CancellationToken ct)
    {
        foreach (var e in events)
        {
            sink.Write(e);
        }

        await sink.FlushAsync(ct).ConfigureAwait(false);
        return events.Count;
    }
}
