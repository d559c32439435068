using System.CommandLine;
using System.CommandLine.Parsing;
using CallMetrics.Core.Options;
using CallMetrics.Inputs;

namespace CallMetrics.Commands;

/// <summary>
/// The options that configure input translators (<c>--tenant</c>, <c>--wrapup</c>, ...), declared on a command and
/// bound to <see cref="TranslatorOptions"/>: <c>convert</c> and <c>replay --format</c> share them (docs/INPUTS.md).
/// </summary>
internal sealed class TranslatorDefinition
{
    private readonly Option<string> _tenant;
    private readonly Option<WrapUp[]> _wrapUp;
    private readonly Option<KeyValuePair<string, string>[]> _agentAlias;
    private readonly Option<AsteriskAgentNaming?> _agentNaming;
    private readonly Option<TimeSpan?> _reorderWindow;
    private readonly Option<TimeSpan?> _holdBack;
    private readonly Option<AmazonConnectAcwEnd?> _acwEnd;
    private readonly Option<int?> _teamLevel;

    /// <summary>Declares the options on <paramref name="command"/>.</summary>
    public TranslatorDefinition(Command command)
    {
        _tenant = command.Declare(CommandOptions.Text("--tenant", "T", $"tenant written on every event (default {TranslatorOptions.DefaultTenant})"));
        _wrapUp = command.Declare(new Option<WrapUp[]>("--wrapup")
        {
            Description = "Asterisk: wrap-up time of a queue (QUEUE=DURATION) or of every other queue (DURATION); repeatable",
            HelpName = "QUEUE=DURATION|DURATION",
            CustomParser = ParseWrapUps,
        });
        _agentAlias = command.Declare(new Option<KeyValuePair<string, string>[]>("--agent-alias")
        {
            Description = "Asterisk: agent_id of an agent field as written (NAME=ID); repeatable",
            HelpName = "NAME=ID",
            CustomParser = ParseAliases,
        });
        _agentNaming = command.Declare(Choice("--agent-naming", "Asterisk: how the agent field becomes agent_id (default strip)", new Dictionary<string, AsteriskAgentNaming>
        {
            ["strip"] = AsteriskAgentNaming.StripTechnology,
            ["as-written"] = AsteriskAgentNaming.AsWritten,
        }));
        _reorderWindow = command.Declare(CommandOptions.OptionalDuration("--reorder-window", "Asterisk: how far out of time order queue_log lines may be (default 10s)"));
        _holdBack = command.Declare(CommandOptions.OptionalDuration("--hold-back", "Amazon Connect: how long output is held back to place queue visits in time (default 10m)"));
        _acwEnd = command.Declare(Choice("--acw-end", "Amazon Connect: when after-contact work ends (default cleared)", new Dictionary<string, AmazonConnectAcwEnd>
        {
            ["cleared"] = AmazonConnectAcwEnd.ContactCleared,
            ["cleared-or-status"] = AmazonConnectAcwEnd.ContactClearedOrStatusChange,
        }));
        _teamLevel = command.Declare(new Option<int?>("--team-level")
        {
            Description = "Amazon Connect: hierarchy level 1-5 whose group is the team (default the deepest the agent has)",
            HelpName = "1-5",
            CustomParser = result =>
            {
                var text = CommandOptions.Token(result);
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 5)
                {
                    return level;
                }

                result.AddError($"option --team-level: '{text}' is not a level from 1 to 5");
                return null;
            },
        });
    }

    /// <summary>True when any translator option was given (they make no sense without a translator).</summary>
    public bool AnyGiven(ParseResult result) =>
        new Option[] { _tenant, _wrapUp, _agentAlias, _agentNaming, _reorderWindow, _holdBack, _acwEnd, _teamLevel }
            .Any(o => result.GetResult(o) is { Implicit: false });

    /// <summary>The translator options the command line gives; the defaults of <see cref="TranslatorOptions"/> for the rest.</summary>
    public TranslatorOptions Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var options = new TranslatorOptions();
        options.Tenant = result.GetValue(_tenant) ?? options.Tenant;
        foreach (var wrapUp in result.GetValue(_wrapUp) ?? [])
        {
            if (wrapUp.Queue is null)
            {
                options.DefaultWrapUp = wrapUp.Duration;
            }
            else
            {
                options.QueueWrapUp[wrapUp.Queue] = wrapUp.Duration;
            }
        }

        foreach (var (name, id) in result.GetValue(_agentAlias) ?? [])
        {
            options.AsteriskAgentAliases[name] = id;
        }

        options.AsteriskAgentNaming = result.GetValue(_agentNaming) ?? options.AsteriskAgentNaming;
        options.AsteriskReorderWindow = result.GetValue(_reorderWindow) ?? options.AsteriskReorderWindow;
        options.AmazonConnectHoldBack = result.GetValue(_holdBack) ?? options.AmazonConnectHoldBack;
        options.AmazonConnectAcwEnd = result.GetValue(_acwEnd) ?? options.AmazonConnectAcwEnd;
        options.AmazonConnectTeamLevel = result.GetValue(_teamLevel) ?? options.AmazonConnectTeamLevel;
        return options;
    }

    private static Option<T?> Choice<T>(string name, string description, Dictionary<string, T> choices)
        where T : struct => new(name)
        {
            Description = description,
            HelpName = string.Join('|', choices.Keys),
            CustomParser = result =>
            {
                var text = CommandOptions.Token(result);
                if (choices.TryGetValue(text, out var value))
                {
                    return value;
                }

                result.AddError($"option {name}: '{text}' is not one of {string.Join(", ", choices.Keys)}");
                return null;
            },
        };

    private static WrapUp[] ParseWrapUps(ArgumentResult result)
    {
        var wrapUps = new List<WrapUp>();
        foreach (var token in result.Tokens)
        {
            var value = token.Value;
            var eq = value.LastIndexOf('=');
            if (eq == 0 || !DurationText.TryParse(eq < 0 ? value : value[(eq + 1)..], out var duration))
            {
                result.AddError($"option --wrapup: '{value}' is not QUEUE=DURATION or DURATION ({CommandOptions.DurationExamples})");
                return [];
            }

            wrapUps.Add(new WrapUp(eq < 0 ? null : value[..eq], duration));
        }

        return [.. wrapUps];
    }

    private static KeyValuePair<string, string>[] ParseAliases(ArgumentResult result)
    {
        var aliases = new List<KeyValuePair<string, string>>();
        foreach (var token in result.Tokens)
        {
            var value = token.Value;
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == value.Length - 1)
            {
                result.AddError($"option --agent-alias: '{value}' is not NAME=ID");
                return [];
            }

            aliases.Add(new(value[..eq], value[(eq + 1)..]));
        }

        return [.. aliases];
    }

    /// <summary>One <c>--wrapup</c>: a queue's wrap-up time, or every other queue's when <see cref="Queue"/> is null.</summary>
    private readonly record struct WrapUp(string? Queue, TimeSpan Duration);
}
