using CallMetrics.Core.Alerts;
using CallMetrics.Core.Options;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

public sealed class LiveStateScenarioTests
{
    private const string Name = "live-state-and-alerts";

    // METRICS.md "Outcomes, repeat contacts, distributions, call types": fields and measurements another part of the
    // engine adds. Until it does, they are the only difference allowed between this output and the scenario's.
    private static readonly HashSet<string> OtherSectionFields =
    [
        "handle_p50_s", "handle_p90_s", "wait_p50_s", "wait_p90_s", "dispositioned", "resolved", "escalated", "sales",
        "complaints", "resolution_rate", "escalation_rate", "sales_conversion", "complaint_rate", "repeat_calls",
    ];

    private static readonly MetricsOptions Options = new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) };

    [Fact]
    public void The_state_series_are_exactly_the_scenarios()
    {
        var replayer = Run();

        StateLines(replayer.Output).Should().Equal(StateLines(File.ReadAllText(ScenarioFiles.Expected(Name))), "state lines are written at the rolling instants, in time order");
    }

    [Fact]
    public void The_metrics_lines_with_rolling_are_the_scenarios_on_every_field_written()
    {
        // Compared in (timestamp, series) order: replay writes each hand-over of windows sorted, the file is sorted whole.
        var actual = Run().Lines.Where(l => !l.Measurement.EndsWith("_state", StringComparison.Ordinal)).OrderBy(l => l.Timestamp).ThenBy(Key, StringComparer.Ordinal).ToList();
        var expected = File.ReadAllLines(ScenarioFiles.Expected(Name)).Where(l => l.Length > 0).Select(MetricLine.Parse)
            .Where(l => !l.Measurement.EndsWith("_state", StringComparison.Ordinal))
            .Where(l => actual.Any(a => a.Measurement == l.Measurement) || l.Measurement is not ("call_type_metrics" or "fcr_metrics"))
            .OrderBy(l => l.Timestamp).ThenBy(Key, StringComparer.Ordinal).ToList();

        actual.Select(Key).Should().Equal(expected.Select(Key), "the same lines, rolling ones ending at 09:21");
        for (var i = 0; i < expected.Count; i++)
        {
            foreach (var (field, value) in actual[i].Fields)
            {
                value.Should().Be(expected[i].Fields.GetValueOrDefault(field), "field {0} of {1}", field, Key(expected[i]));
            }

            expected[i].Fields.Keys.Except(actual[i].Fields.Keys).Should().BeSubsetOf(OtherSectionFields, "line {0}", Key(expected[i]));
        }
    }

    [Fact]
    public void The_alerts_are_byte_for_byte_the_scenarios()
    {
        AlertRuleFile.TryParse(File.ReadAllText(ScenarioFiles.Rules(Name)), out var rules, out var error).Should().BeTrue(error);

        var replayer = Run(rules);

        replayer.Alerts.Should().Equal(File.ReadAllLines(ScenarioFiles.ExpectedAlerts(Name)).Where(l => l.Length > 0));
    }

    [Fact]
    public void Out_of_order_input_within_lateness_gives_the_same_state_and_alerts()
    {
        AlertRuleFile.TryParse(File.ReadAllText(ScenarioFiles.Rules(Name)), out var rules, out _).Should().BeTrue();
        var sorted = Run(rules);

        var disordered = Replayer.Run(InputOrder.Disordered(File.ReadAllLines(ScenarioFiles.Events(Name)), TimeSpan.FromSeconds(60)), Options, rules);

        disordered.Output.Should().Be(sorted.Output);
        disordered.Alerts.Should().Equal(sorted.Alerts);
    }

    private static Replayer Run(IReadOnlyList<AlertRule>? rules = null)
    {
        var replayer = Replayer.Run(File.ReadAllLines(ScenarioFiles.Events(Name)), Options, rules);
        replayer.Rejected.Should().BeEmpty();
        return replayer;
    }

    private static List<string> StateLines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(",kind=state", StringComparison.Ordinal))];

    private static string Key(MetricLine line) => $"{line.Measurement} {string.Join(',', line.Tags.Select(t => $"{t.Key}={t.Value}"))} {line.Timestamp}";
}
