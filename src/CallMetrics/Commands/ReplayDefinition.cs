using System.CommandLine;
using CallMetrics.Configuration;
using CallMetrics.Core.Options;
using CallMetrics.Inputs;

namespace CallMetrics.Commands;

/// <summary>The options of <c>callmetrics replay</c> and how they become <see cref="ReplayArguments"/>.</summary>
internal static class ReplayDefinition
{
    /// <summary>The command, running <see cref="ReplayCommand.RunAsync"/>.</summary>
    public static Command Create(CommandContext context)
    {
        var command = new Command("replay", "Compute metrics from a file of canonical events (JSON Lines) and print line protocol: deterministic.");
        var input = command.Declare(CommandOptions.Text("--input", "FILE|-", "the events: a file, or - for standard input"));
        input.Required = true;
        var interval = command.Declare(CommandOptions.Duration("--interval", MetricsDefaults.Interval, "interval length"));
        var rolling = command.Declare(CommandOptions.OptionalDuration("--rolling", "rolling window length (none unless given)"));
        var step = command.Declare(CommandOptions.Duration("--step", MetricsDefaults.Step, "rolling window step (with --rolling)"));
        var threshold = command.Declare(CommandOptions.Duration("--service-level-threshold", MetricsDefaults.ServiceLevelThreshold, "answered within this counts for service level"));
        var shortAbandon = command.Declare(CommandOptions.Duration("--short-abandon", MetricsDefaults.ShortAbandon, "abandoned within this is a short abandon"));
        var maxWrap = command.Declare(CommandOptions.Duration("--max-wrap", MetricsDefaults.MaxWrap, "longest wrap without wrap.ended"));
        var lateness = command.Declare(CommandOptions.Duration("--lateness", MetricsDefaults.Lateness, "allowed lateness of events"));
        var retention = command.Declare(CommandOptions.Duration("--retention", MetricsDefaults.Retention, "how long ended calls are remembered for surveys (at least --lateness)"));
        var dedupeHorizon = command.Declare(CommandOptions.Duration("--dedupe-horizon", MetricsDefaults.DedupeHorizon, "how long event ids are remembered to drop duplicates"));
        var maxFutureSkew = command.Declare(CommandOptions.DurationOrNone("--max-future-skew", "none", "how far an event may be ahead of the others (default none)"));
        var fcrWindow = command.Declare(CommandOptions.Duration("--fcr-window", MetricsDefaults.FcrWindow, "a call of the same caller within this after a contact makes it repeated"));
        var outcomeMap = command.Declare(CommandOptions.Text("--outcome-map", "FILE", "JSON object from disposition to resolved|escalated|sale|complaint (default: those four words)"));
        var escalationQueues = command.Declare(CommandOptions.Repeated("--escalation-queue", "NAME", "a transfer to this queue makes the leg escalated (repeatable)"));
        var deadLetter = command.Declare(CommandOptions.Text("--dead-letter", "FILE", "where rejected events go (default standard error)"));
        var alertRules = command.Declare(CommandOptions.Text("--alert-rules", "FILE", "alert rules (a JSON array; needs --rolling and --alerts-out)"));
        var alertsOut = command.Declare(CommandOptions.Text("--alerts-out", "FILE", "where the alerts go, one JSON object a line (with --alert-rules)"));
        var quiet = command.Declare(CommandOptions.Flag("--quiet", "no summary line on standard error"));
        var format = command.Declare(CommandOptions.Text("--format", "canonical|" + string.Join('|', EventTranslators.Formats), "input format (default canonical)"));
        var translator = new TranslatorDefinition(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetResult(step) is { Implicit: false } && result.GetValue(rolling) is null)
            {
                return await context.UsageErrorAsync(command, "--step applies to rolling windows: give --rolling too").ConfigureAwait(false);
            }

            var rulesPath = result.GetValue(alertRules);
            var alertsPath = result.GetValue(alertsOut);
            if ((rulesPath is null) != (alertsPath is null))
            {
                return await context.UsageErrorAsync(command, "--alert-rules and --alerts-out go together").ConfigureAwait(false);
            }

            // METRICS: --alert-rules needs --rolling (rules are evaluated at the rolling step instants).
            if (rulesPath is not null && result.GetValue(rolling) is null)
            {
                return await context.UsageErrorAsync(command, "--alert-rules needs --rolling: rules are evaluated at the rolling step instants").ConfigureAwait(false);
            }

            IReadOnlyList<Core.Alerts.AlertRule>? rules = null;
            if (rulesPath is not null)
            {
                string json;
                try
                {
                    json = await File.ReadAllTextAsync(rulesPath, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    return await context.UsageErrorAsync(command, $"--alert-rules: cannot read '{rulesPath}': {exception.Message}").ConfigureAwait(false);
                }

                if (!Core.Alerts.AlertRuleFile.TryParse(json, out rules, out var ruleError))
                {
                    return await context.UsageErrorAsync(command, $"--alert-rules {rulesPath}: {ruleError}").ConfigureAwait(false);
                }
            }

            var lateBy = result.GetValue(lateness);
            var remember = result.GetValue(retention);
            var options = new MetricsOptions
            {
                Interval = result.GetValue(interval),
                Rolling = result.GetValue(rolling),
                Step = result.GetValue(step),
                ServiceLevelThreshold = result.GetValue(threshold),
                ShortAbandon = result.GetValue(shortAbandon),
                MaxWrap = result.GetValue(maxWrap),
                Lateness = lateBy,
                Retention = remember < lateBy ? lateBy : remember,
                DedupeHorizon = result.GetValue(dedupeHorizon),

                // Off unless asked: a sorted file with a long gap must give the sorted input's result (METRICS.md).
                MaxFutureSkew = CommandOptions.DurationOrNull(result.GetValue(maxFutureSkew)),
                FcrWindow = result.GetValue(fcrWindow),
                EscalationQueues = result.GetValue(escalationQueues) ?? [],
            };
            if (result.GetValue(outcomeMap) is { } mapFile)
            {
                if (!OutcomeMapFile.TryRead(mapFile, out var map, out var mapError))
                {
                    return await context.UsageErrorAsync(command, "--outcome-map: " + mapError).ConfigureAwait(false);
                }

                options = options with { OutcomeMap = map };
            }

            if (options.Validate() is { Count: > 0 } errors)
            {
                return await context.UsageErrorAsync(command, string.Join("; ", errors.Select(e => "--" + e))).ConfigureAwait(false);
            }

            IEventTranslator? eventTranslator = null;
            var formatName = result.GetValue(format) ?? EventTranslators.Canonical;
            if (formatName == EventTranslators.Canonical)
            {
                if (translator.AnyGiven(result))
                {
                    return await context.UsageErrorAsync(command, "translator options apply to --format " + string.Join(" or ", EventTranslators.Formats)).ConfigureAwait(false);
                }
            }
            else if (!EventTranslators.TryCreate(formatName, translator.Bind(result), out eventTranslator, out var error))
            {
                return await context.UsageErrorAsync(command, error!).ConfigureAwait(false);
            }

            var arguments = new ReplayArguments
            {
                Input = result.GetValue(input)!,
                DeadLetter = result.GetValue(deadLetter),
                Quiet = result.GetValue(quiet),
                Options = options,
                Translator = eventTranslator,
                AlertRules = rules,
                AlertsOut = alertsPath,
            };
            return await ReplayCommand.RunAsync(arguments, context.Stdout, context.Stderr, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
