using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

/// <summary>Rough statistical sanity of a long run with a fixed seed: the knobs do what they say.</summary>
public class SimulationStatisticsTests
{
    private static readonly Lazy<EventSequenceChecker> LongRun = new(() =>
    {
        var checker = new EventSequenceChecker();
        checker.Check(new CallCenterSimulator(Some.Options(seed: 3, agents: 50, duration: TimeSpan.FromDays(5))));
        return checker;
    });

    [Fact]
    public void Average_talk_is_near_MeanTalk()
    {
        var mean = LongRun.Value.TalkSeconds.Average();

        mean.Should().BeApproximately(SimulationDefaults.MeanTalk.TotalSeconds, SimulationDefaults.MeanTalk.TotalSeconds * 0.05);
    }

    [Fact]
    public void Abandons_are_a_small_fraction_of_queue_visits_at_the_default_occupancy()
    {
        var run = LongRun.Value;
        var fraction = (double)run.AbandonWaits.Count / run.QueueVisits;

        fraction.Should().BeInRange(0.005, 0.15);
    }

    [Fact]
    public void Some_abandons_are_short_under_5_seconds()
    {
        var waits = LongRun.Value.AbandonWaits;

        waits.Count(w => w < 5).Should().BeGreaterThan(0).And.BeLessThan(waits.Count);
    }

    [Fact]
    public void Holds_transfers_surveys_and_IVR_endings_follow_their_probabilities()
    {
        var run = LongRun.Value;
        var legs = run.TalkSeconds.Count;
        var arrived = run.CountByType["call.arrived"];

        ((double)run.LegsWithHold / legs).Should().BeApproximately(SimulationDefaults.HoldProbability, 0.02);
        ((double)run.CountByType["call.transferred"] / legs).Should().BeApproximately(SimulationDefaults.TransferProbability, 0.01);
        ((double)run.CountByType["survey.completed"] / arrived).Should().BeApproximately(SimulationDefaults.SurveyProbability, 0.02);
        var ivrOnly = arrived + run.CountByType["call.transferred"] - run.QueueVisits;
        ((double)ivrOnly / arrived).Should().BeApproximately(SimulationDefaults.IvrOnlyProbability, 0.01);
    }

    [Fact]
    public void Some_wraps_have_no_wrap_ended()
    {
        var run = LongRun.Value;
        var missing = 1 - ((double)run.CountByType["wrap.ended"] / run.TalkSeconds.Count);

        missing.Should().BeApproximately(SimulationDefaults.MissingWrapProbability, 0.01);
    }

    [Fact]
    public void The_derived_rate_gives_about_the_answers_the_agents_can_handle()
    {
        var options = Some.Options(agents: 50);
        var rate = new CallCenterSimulator(options).CallsPerHour;
        var handle = 240 + (0.15 * 46) + 30;

        // 50 agents * 0.8 occupancy * 7.5/8.5 on duty, over the handle time, for the legs per call.
        rate.Should().BeApproximately(0.8 * 50 * (7.5 / 8.5) * 3600 / handle / (0.95 * 1.05), 0.5);
    }

    [Fact]
    public void CallsPerHour_sets_the_rate()
    {
        var few = Some.Events(Some.Options(configure: o => o.CallsPerHour = 20)).Count;
        var many = Some.Events(Some.Options(configure: o => o.CallsPerHour = 80)).Count;

        many.Should().BeGreaterThan(few * 2);
    }
}
