using System.Globalization;
using CallMetrics.Core.Options;
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
    public const string Usage =
        "usage: callmetrics replay --input FILE|- [--interval 15m] [--rolling 15m --step 1m] [--service-level-threshold 20s] "
        + "[--short-abandon 5s] [--max-wrap 120s] [--lateness 60s] [--max-future-skew none|7d] [--dead-letter FILE] [--quiet]";

    private static readonly string[] ValueOptions =
    [
        "--input", "--interval", "--rolling", "--step", "--service-level-threshold", "--short-abandon", "--max-wrap", "--lateness",
        "--dead-letter", "--retention", "--dedupe-horizon", "--format", "--max-future-skew",
        "--tenant", "--wrapup", "--agent-alias", "--agent-naming", "--reorder-window", "--hold-back", "--acw-end", "--team-level",
    ];

    private static readonly string[] TranslatorOptionNames =
        ["--tenant", "--wrapup", "--agent-alias", "--agent-naming", "--reorder-window", "--hold-back", "--acw-end", "--team-level"];

    private static readonly string[] Flags = ["--quiet"];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!CommandArguments.TryParse(args, ValueOptions, Flags, out var parsed, out var error)
            || !TryOptions(parsed, out var options, out error))
        {
            await stderr.WriteLineAsync($"callmetrics replay: {error}").ConfigureAwait(false);
            return 2;
        }

        if (!TryTranslator(parsed, out var translator, out error))
        {
            await stderr.WriteLineAsync($"callmetrics replay: {error}").ConfigureAwait(false);
            return 2;
        }

        var inputPath = parsed.Value("--input");
        if (inputPath is null)
        {
            await stderr.WriteLineAsync("callmetrics replay: --input is required (a file, or - for standard input)").ConfigureAwait(false);
            return 2;
        }

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

        var deadLetterPath = parsed.Value("--dead-letter");
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
            var summary = await ReplayWiring.RunAsync(options, input, stdout, deadLetters, translator, cancellationToken).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (!parsed.Has("--quiet"))
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

    /// <summary>The translator of <c>--format</c> (null for canonical events), with its options applied.</summary>
    private static bool TryTranslator(CommandArguments parsed, out Inputs.IEventTranslator? translator, out string? error)
    {
        translator = null;
        error = null;
        var format = parsed.Value("--format") ?? Inputs.EventTranslators.Canonical;
        var options = new Inputs.TranslatorOptions();
        foreach (var name in TranslatorOptionNames)
        {
            foreach (var value in parsed.Values(name))
            {
                if (!Inputs.TranslatorArguments.TryApply(name, value, options, out _, out error))
                {
                    return false;
                }
            }
        }

        if (format == Inputs.EventTranslators.Canonical)
        {
            if (TranslatorOptionNames.Any(n => parsed.Values(n).Count > 0))
            {
                error = "translator options apply to --format asterisk-queue-log or amazon-connect";
                return false;
            }

            return true;
        }

        return Inputs.EventTranslators.TryCreate(format, options, out translator, out error);
    }

    /// <summary>Builds and validates the metric options from the command's arguments.</summary>
    public static bool TryOptions(CommandArguments parsed, out MetricsOptions options, out string? error)
    {
        options = new MetricsOptions();
        if (!parsed.TryDuration("--interval", MetricsDefaults.Interval, out var interval, out error)
            || !parsed.TryDuration("--step", MetricsDefaults.Step, out var step, out error)
            || !parsed.TryDuration("--rolling", MetricsDefaults.Rolling, out var rolling, out error)
            || !parsed.TryDuration("--service-level-threshold", MetricsDefaults.ServiceLevelThreshold, out var threshold, out error)
            || !parsed.TryDuration("--short-abandon", MetricsDefaults.ShortAbandon, out var shortAbandon, out error)
            || !parsed.TryDuration("--max-wrap", MetricsDefaults.MaxWrap, out var maxWrap, out error)
            || !parsed.TryDuration("--lateness", MetricsDefaults.Lateness, out var lateness, out error)
            || !parsed.TryDuration("--retention", MetricsDefaults.Retention, out var retention, out error)
            || !parsed.TryDuration("--dedupe-horizon", MetricsDefaults.DedupeHorizon, out var dedupeHorizon, out error))
        {
            return false;
        }

        // Off unless asked: a sorted file with a long gap must give the sorted input's result (METRICS.md).
        TimeSpan? maxFutureSkew = null;
        if (parsed.Value("--max-future-skew") is null or "none")
        {
            maxFutureSkew = null;
        }
        else if (!parsed.TryDuration("--max-future-skew", MetricsDefaults.MaxFutureSkew, out var skew, out error))
        {
            return false;
        }
        else
        {
            maxFutureSkew = skew;
        }

        if (parsed.Value("--step") is not null && parsed.Value("--rolling") is null)
        {
            error = "--step applies to rolling windows: give --rolling too";
            return false;
        }

        options = new MetricsOptions
        {
            Interval = interval,
            Rolling = parsed.Value("--rolling") is null ? null : rolling,
            Step = step,
            ServiceLevelThreshold = threshold,
            ShortAbandon = shortAbandon,
            MaxWrap = maxWrap,
            Lateness = lateness,
            Retention = retention < lateness ? lateness : retention,
            DedupeHorizon = dedupeHorizon,
            MaxFutureSkew = maxFutureSkew,
        };
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            error = string.Join("; ", errors.Select(e => "--" + e));
            return false;
        }

        return true;
    }
}
