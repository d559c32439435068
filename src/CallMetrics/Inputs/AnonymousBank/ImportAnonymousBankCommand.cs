using CallMetrics.Core.Options;
using System.Globalization;
using CallMetrics.Simulation;

namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>
/// <c>callmetrics import-anonymous-bank --input CSV [--date 2026-11-22] [--wrap 30s] [--output FILE|-]</c>:
/// translates a day of the Anonymous Bank data into canonical events (JSON Lines), reports every rejected
/// row on standard error with its line number and reason, and ends with a one-line summary.
/// </summary>
public static class ImportAnonymousBankCommand
{
    private const string Usage = "usage: callmetrics import-anonymous-bank --input CSV [--date 2026-11-22] [--wrap 30s] [--output FILE|-]";

    /// <summary>Runs the command; returns 0 when the file was read (even with rejected rows), 2 for bad arguments, 1 for I/O errors.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = new AnonymousBankOptions();
        string? input = null;
        var output = "-";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            }

            if (name is not ("--input" or "--date" or "--wrap" or "--output"))
            {
                return await FailAsync(stderr, $"unknown argument '{name}'").ConfigureAwait(false);
            }

            if (i + 1 >= args.Length)
            {
                return await FailAsync(stderr, $"{name} needs a value").ConfigureAwait(false);
            }

            var value = args[++i];
            switch (name)
            {
                case "--input":
                    input = value;
                    break;
                case "--output":
                    output = value;
                    break;
                case "--date":
                    if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        return await FailAsync(stderr, $"--date: '{value}' is not a date (yyyy-MM-dd)").ConfigureAwait(false);
                    }

                    options.Date = date;
                    break;
                default:
                    if (!DurationText.TryParse(value, out var wrap) && value != "0")
                    {
                        return await FailAsync(stderr, $"--wrap: '{value}' is not a duration (e.g. 30s; 0 = no wrap.ended)").ConfigureAwait(false);
                    }

                    options.Wrap = wrap;
                    break;
            }
        }

        if (input is null)
        {
            return await FailAsync(stderr, "--input is required").ConfigureAwait(false);
        }

        if (!options.TryValidate(out var invalid))
        {
            return await FailAsync(stderr, invalid).ConfigureAwait(false);
        }

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

    private static async Task<int> FailAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"callmetrics import-anonymous-bank: {message}").ConfigureAwait(false);
        return 2;
    }
}
