using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Processing;

public sealed class ScenarioTests
{
    [Theory]
    [MemberData(nameof(ScenarioFiles.Names), MemberType = typeof(ScenarioFiles))]
    public void Replay_of_each_spec_scenario_gives_exactly_its_expected_lines(string name)
    {
        var replayer = Replayer.Run(File.ReadAllLines(ScenarioFiles.Events(name)));

        replayer.Rejected.Should().BeEmpty();
        ScenarioOutput.Matches(replayer.Output, File.ReadAllText(ScenarioFiles.Expected(name)));
    }

    public static IEnumerable<object[]> AllNames() => ScenarioFiles.AllNames().Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(AllNames))]
    public void With_rolling_windows_each_scenario_has_rolling_and_state_lines_from_the_first_step_after_its_first_event_to_the_first_after_its_last(string name)
    {
        // METRICS: "in replay the instants run from the first multiple of step after the first accepted ts to the first
        // multiple after the end-of-input clock; none later".
        var lines = File.ReadAllLines(ScenarioFiles.Events(name));
        var times = lines.Where(l => l.Length > 0).Select(l => InputOrder.Timestamp(l).ToUnixTimeMilliseconds() * 1_000_000L).ToList();
        const long Minute = 60_000_000_000L;

        var output = Replayer.Run(lines, new() { Rolling = TimeSpan.FromMinutes(15), Step = TimeSpan.FromMinutes(1) }).Lines;

        var instants = output.Where(l => l.Tag("kind") is "rolling" or "state").Select(l => l.Timestamp).Distinct().Order().ToList();
        instants[0].Should().Be(((times.Min() / Minute) + 1) * Minute);
        instants[^1].Should().Be(((times.Max() / Minute) + 1) * Minute);
        instants.Should().OnlyContain(t => t % Minute == 0);

        // METRICS: a tenant has a line at every instant t with one of its events in [t - rolling, t); across a longer
        // quiet gap (days between a contact and its repeat) an instant with nothing to write has no lines.
        const long Rolling = 15 * Minute;
        var expected = times.SelectMany(ts => Enumerable.Range(1, 15).Select(k => ((ts / Minute) + k) * Minute).Where(t => t - Rolling <= ts))
            .Where(t => t <= instants[^1]).Distinct().Order();
        instants.Should().Contain(expected);
    }

    [Fact]
    public void The_spec_scenarios_are_present_in_the_test_output()
    {
        ScenarioFiles.Names().Should().HaveCountGreaterThanOrEqualTo(4);
    }
}
