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

    [Fact]
    public void The_spec_scenarios_are_present_in_the_test_output()
    {
        ScenarioFiles.Names().Should().HaveCountGreaterThanOrEqualTo(4);
    }
}
