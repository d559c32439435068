using CallMetrics.Core.Options;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CallMetrics.Simulation;

/// <summary>The parsed arguments of <c>callmetrics simulate</c>.</summary>
internal sealed class SimulateArguments
{
    public const string Usage =
        "usage: callmetrics simulate [--seed 1] [--agents 50] [--teams 3] [--queues 3] [--tenants default]\n" +
        "                            [--start 2026-11-22T08:00:00Z] [--duration 8h] [--calls-per-hour N]\n" +
        "                            [--outbound 0.05] [--escalation 0.03] [--escalation-queue escalations]\n" +
        "                            [--disposition 0.9] [--repeat-resolved 0.08] [--repeat-unresolved 0.45]\n" +
        "                            [--repeat-delay-min 1h] [--repeat-delay-max 5d]\n" +
        "                            [--output FILE|-] [--speed 0] [--progress]\n" +
        "\n" +
        "  --duration            simulated time (90s, 15m, 8h, 3d); agents work one shift a day\n" +
        "  --outbound            share of arrivals that are outbound calls dialled by an idle agent\n" +
        "  --escalation          share of answered inbound legs transferred to the escalation queue\n" +
        "  --escalation-queue    name of every tenant's escalation queue (replay --escalation-queue)\n" +
        "  --disposition         share of wrap.ended with a disposition (resolved, escalated, sale, complaint,\n" +
        "                        follow-up, information, transferred)\n" +
        "  --repeat-resolved     chance that the caller of a resolved inbound call calls again\n" +
        "  --repeat-unresolved   chance that the caller of an unresolved one calls again\n" +
        "  --repeat-delay-min    shortest delay before that next call (log-uniform up to --repeat-delay-max)\n" +
        "  --repeat-delay-max    longest delay before that next call";

    public SimulationOptions Options { get; } = new();

    /// <summary>Output file, or <c>-</c> for standard output (default).</summary>
    public string Output { get; private set; } = "-";

    /// <summary>Simulated seconds per wall-clock second; 0 = as fast as possible.</summary>
    public double Speed { get; private set; }

    public bool Progress { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> is one line that names the argument.</summary>
    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out SimulateArguments? parsed, [NotNullWhen(false)] out string? error)
    {
        var result = new SimulateArguments();
        parsed = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--progress")
            {
                result.Progress = true;
                continue;
            }

            if (name is "--help" or "-h")
            {
                result.Help = true;
                continue;
            }

            if (!IsKnown(name))
            {
                error = $"unknown argument '{name}'";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return false;
            }

            error = result.Apply(name, args[++i]);
            if (error is not null)
            {
                return false;
            }
        }

        if (!result.Options.TryValidate(out var invalid))
        {
            error = invalid;
            return false;
        }

        parsed = result;
        error = null;
        return true;
    }

    private static bool IsKnown(string name) => name is "--seed" or "--agents" or "--teams" or "--queues" or "--tenants" or "--start"
        or "--duration" or "--calls-per-hour" or "--output" or "--speed" or "--outbound" or "--escalation" or "--escalation-queue"
        or "--disposition" or "--repeat-resolved" or "--repeat-unresolved" or "--repeat-delay-min" or "--repeat-delay-max";

    private string? Apply(string name, string value)
    {
        var options = Options;
        switch (name)
        {
            case "--seed":
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
                {
                    return $"--seed: '{value}' is not a whole number";
                }

                options.Seed = seed;
                return null;
            case "--agents":
                return TryCount(name, value, out var agents) ?? Set(() => options.Agents = agents);
            case "--teams":
                return TryCount(name, value, out var teams) ?? Set(() => options.Teams = teams);
            case "--queues":
                return TryCount(name, value, out var queues) ?? Set(() => options.Queues = queues);
            case "--tenants":
                var tenants = value.Split(',', StringSplitOptions.TrimEntries);
                if (tenants.Any(string.IsNullOrEmpty) || tenants.Distinct(StringComparer.Ordinal).Count() != tenants.Length)
                {
                    return $"--tenants: '{value}' is not a comma-separated list of distinct names";
                }

                options.Tenants = tenants;
                return null;
            case "--start":
                if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start)
                    || start.Year < 1971 || start.Year > 9000)
                {
                    return $"--start: '{value}' is not a date and time (e.g. 2026-11-22T08:00:00Z)";
                }

                options.Start = start;
                return null;
            case "--duration":
                if (!DurationText.TryParse(value, out var duration) || duration <= TimeSpan.Zero)
                {
                    return $"--duration: '{value}' is not a positive duration (e.g. 90s, 15m, 8h, 2d)";
                }

                options.Duration = duration;
                return null;
            case "--calls-per-hour":
                if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
                {
                    return $"--calls-per-hour: '{value}' is not a positive number";
                }

                options.CallsPerHour = rate;
                return null;
            case "--outbound":
                return TryFraction(name, value, out var outbound) ?? Set(() => options.OutboundProbability = outbound);
            case "--escalation":
                return TryFraction(name, value, out var escalation) ?? Set(() => options.EscalationProbability = escalation);
            case "--disposition":
                return TryFraction(name, value, out var disposition) ?? Set(() => options.DispositionProbability = disposition);
            case "--repeat-resolved":
                return TryFraction(name, value, out var resolved) ?? Set(() => options.RepeatProbabilityResolved = resolved);
            case "--repeat-unresolved":
                return TryFraction(name, value, out var unresolved) ?? Set(() => options.RepeatProbabilityUnresolved = unresolved);
            case "--repeat-delay-min":
                return TryDelay(name, value, out var delayMin) ?? Set(() => options.RepeatDelayMin = delayMin);
            case "--repeat-delay-max":
                return TryDelay(name, value, out var delayMax) ?? Set(() => options.RepeatDelayMax = delayMax);
            case "--escalation-queue":
                if (string.IsNullOrWhiteSpace(value))
                {
                    return $"{name}: a queue name is needed";
                }

                options.EscalationQueue = value;
                return null;
            case "--output":
                Output = value;
                return null;
            case "--speed":
                if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var speed) || speed < 0 || double.IsInfinity(speed))
                {
                    return $"--speed: '{value}' is not a number >= 0 (0 = as fast as possible)";
                }

                Speed = speed;
                return null;
            default:
                return $"unknown argument '{name}'";
        }
    }

    private static string? TryCount(string name, string value, out int count) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1
            ? null
            : $"{name}: '{value}' is not a whole number >= 1";

    private static string? TryFraction(string name, string value, out double fraction) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out fraction) && fraction is >= 0 and <= 1
            ? null
            : $"{name}: '{value}' is not a number from 0 to 1";

    private static string? TryDelay(string name, string value, out TimeSpan delay) =>
        DurationText.TryParse(value, out delay) && delay > TimeSpan.Zero
            ? null
            : $"{name}: '{value}' is not a positive duration (e.g. 30m, 1h, 5d)";

    private static string? Set(Action apply)
    {
        apply();
        return null;
    }
}
