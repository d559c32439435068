using System.CommandLine;
using System.Globalization;
using CallMetrics.Simulation;

namespace CallMetrics.Commands;

/// <summary>The options of <c>callmetrics simulate</c> and how they become <see cref="SimulateArguments"/>.</summary>
internal static class SimulateDefinition
{
    /// <summary>The command, running <see cref="SimulateCommand"/> (or <see cref="SimulateToKafka"/> with <c>--kafka</c>).</summary>
    public static Command Create(CommandContext context)
    {
        var command = new Command("simulate", "A simulated contact center: canonical events to a file, standard output or Kafka (--kafka).");
        var seed = command.Declare(CommandOptions.WholeNumber("--seed", SimulationDefaults.Seed, int.MinValue, int.MaxValue, "seed: the same options give byte-identical events"));
        var agents = command.Declare(CommandOptions.WholeNumber("--agents", SimulationDefaults.Agents, 1, int.MaxValue, "number of agents"));
        var teams = command.Declare(CommandOptions.WholeNumber("--teams", SimulationDefaults.Teams, 1, int.MaxValue, "number of teams"));
        var queues = command.Declare(CommandOptions.WholeNumber("--queues", SimulationDefaults.Queues, 1, int.MaxValue, "number of queues"));
        var tenants = command.Declare(new Option<string[]>("--tenants")
        {
            Description = $"comma-separated tenant names (default {SimulationDefaults.Tenant})",
            HelpName = "A,B",
            CustomParser = result =>
            {
                var text = CommandOptions.Token(result);
                var names = text.Split(',', StringSplitOptions.TrimEntries);
                if (names.Any(string.IsNullOrEmpty) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
                {
                    result.AddError($"option --tenants: '{text}' is not a comma-separated list of distinct names");
                }

                return names;
            },
        });
        var start = command.Declare(new Option<DateTimeOffset?>("--start")
        {
            Description = $"event time of the first simulated instant (default {SimulationDefaults.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)})",
            HelpName = "TIME",
            CustomParser = result =>
            {
                var text = CommandOptions.Token(result);
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                    && value.Year is >= 1971 and <= 9000)
                {
                    return value;
                }

                result.AddError($"option --start: '{text}' is not a date and time (e.g. 2026-11-22T08:00:00Z)");
                return null;
            },
        });
        var duration = command.Declare(CommandOptions.Duration("--duration", SimulationDefaults.Duration, "length of simulated time"));
        var callsPerHour = command.Declare(CommandOptions.OptionalNumber("--calls-per-hour", 0, exclusive: true, "arrival rate with every agent on shift (default: from the target occupancy)"));
        var outbound = command.Declare(CommandOptions.Fraction("--outbound", SimulationDefaults.OutboundProbability, "share of arrivals that are outbound calls dialled by an idle agent"));
        var escalation = command.Declare(CommandOptions.Fraction("--escalation", SimulationDefaults.EscalationProbability, "share of answered inbound legs transferred to the escalation queue"));
        var escalationQueue = command.Declare(CommandOptions.Text("--escalation-queue", "NAME", $"every tenant's escalation queue (default {SimulationDefaults.EscalationQueue}; replay --escalation-queue)"));
        var disposition = command.Declare(CommandOptions.Fraction("--disposition", SimulationDefaults.DispositionProbability, "share of wrap.ended with a disposition"));
        var repeatResolved = command.Declare(CommandOptions.Fraction("--repeat-resolved", SimulationDefaults.RepeatProbabilityResolved, "chance that the caller of a resolved inbound call calls again"));
        var repeatUnresolved = command.Declare(CommandOptions.Fraction("--repeat-unresolved", SimulationDefaults.RepeatProbabilityUnresolved, "chance that the caller of an unresolved one calls again"));
        var repeatDelayMin = command.Declare(CommandOptions.Duration("--repeat-delay-min", SimulationDefaults.RepeatDelayMin, "shortest delay before that next call (log-uniform up to --repeat-delay-max)"));
        var repeatDelayMax = command.Declare(CommandOptions.Duration("--repeat-delay-max", SimulationDefaults.RepeatDelayMax, "longest delay before that next call"));
        var output = command.Declare(CommandOptions.Text("--output", "FILE|-", "where the events go (default - : standard output)"));
        var speed = command.Declare(CommandOptions.Number("--speed", 0, 0, exclusive: false, "simulated seconds per wall-clock second; 0 = as fast as possible"));
        var progress = command.Declare(CommandOptions.Flag("--progress", "progress lines on standard error"));
        var kafka = command.Declare(CommandOptions.Text("--kafka", "BOOTSTRAP", "send the events to Kafka (host:port[,...]) instead of --output"));
        var topic = command.Declare(CommandOptions.Text("--topic", "NAME", $"the Kafka topic (default {SimulateArguments.DefaultTopic})"));
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new SimulationOptions
            {
                Seed = result.GetValue(seed),
                Agents = result.GetValue(agents),
                Teams = result.GetValue(teams),
                Queues = result.GetValue(queues),
                Start = result.GetValue(start) ?? SimulationDefaults.Start,
                Duration = result.GetValue(duration),
                CallsPerHour = result.GetValue(callsPerHour),
                OutboundProbability = result.GetValue(outbound),
                EscalationProbability = result.GetValue(escalation),
                EscalationQueue = result.GetValue(escalationQueue) ?? SimulationDefaults.EscalationQueue,
                DispositionProbability = result.GetValue(disposition),
                RepeatProbabilityResolved = result.GetValue(repeatResolved),
                RepeatProbabilityUnresolved = result.GetValue(repeatUnresolved),
                RepeatDelayMin = result.GetValue(repeatDelayMin),
                RepeatDelayMax = result.GetValue(repeatDelayMax),
            };
            if (result.GetValue(tenants) is { Length: > 0 } names)
            {
                options.Tenants = names;
            }

            if (options.RepeatDelayMin <= TimeSpan.Zero || options.RepeatDelayMax <= TimeSpan.Zero)
            {
                return await context.UsageErrorAsync(command, $"option {(options.RepeatDelayMin <= TimeSpan.Zero ? "--repeat-delay-min" : "--repeat-delay-max")}: a repeat delay must be positive").ConfigureAwait(false);
            }

            if (string.IsNullOrWhiteSpace(options.EscalationQueue))
            {
                return await context.UsageErrorAsync(command, "option --escalation-queue: a queue name is needed").ConfigureAwait(false);
            }

            if (!options.TryValidate(out var invalid))
            {
                return await context.UsageErrorAsync(command, invalid).ConfigureAwait(false);
            }

            var arguments = new SimulateArguments
            {
                Options = options,
                Output = result.GetValue(output) ?? "-",
                Speed = result.GetValue(speed),
                Progress = result.GetValue(progress),
                Kafka = result.GetValue(kafka),
                Topic = result.GetValue(topic) ?? SimulateArguments.DefaultTopic,
            };
            if (arguments.Kafka is not null && arguments.Output != "-")
            {
                return await context.UsageErrorAsync(command, "--output cannot be combined with --kafka").ConfigureAwait(false);
            }

            return arguments.Kafka is null
                ? await SimulateCommand.RunAsync(arguments, context.Stdout, context.Stderr, context.Time, sink: null, cancellationToken).ConfigureAwait(false)
                : await SimulateToKafka.RunAsync(arguments, context, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
