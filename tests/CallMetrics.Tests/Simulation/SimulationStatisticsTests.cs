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
    public void Holds_transfers_escalations_surveys_and_IVR_endings_follow_their_probabilities()
    {
        var run = LongRun.Value;
        var legs = run.TalkSeconds.Count;
        var arrived = run.CountByType["call.arrived"];
        var escalations = run.TransfersTo[SimulationDefaults.EscalationQueue];
        var transfers = run.CountByType["call.transferred"] - escalations;

        ((double)run.LegsWithHold / legs).Should().BeApproximately(SimulationDefaults.HoldProbability, 0.02);

        // A call is escalated or transferred at most once, at the end of its first answered inbound leg.
        ((double)escalations / run.FirstInboundAnswers).Should().BeApproximately(SimulationDefaults.EscalationProbability, 0.01);
        ((double)transfers / (run.FirstInboundAnswers - escalations)).Should().BeApproximately(SimulationDefaults.TransferProbability, 0.01);
        ((double)run.CountByType["survey.completed"] / arrived).Should().BeApproximately(SimulationDefaults.SurveyProbability, 0.02);

        // Every inbound call that leaves the IVR is queued once, and once more per transfer; outbound calls never.
        var inbound = arrived - run.OutboundCalls;
        var ivrOnly = inbound + run.CountByType["call.transferred"] - run.QueueVisits;
        ((double)ivrOnly / inbound).Should().BeApproximately(SimulationDefaults.IvrOnlyProbability, 0.01);
    }

    [Fact]
    public void Outbound_calls_are_a_few_percent_dialled_when_an_agent_is_idle()
    {
        var run = LongRun.Value;
        var share = (double)run.OutboundCalls / run.CountByType["call.arrived"];

        share.Should().BeGreaterThan(SimulationDefaults.OutboundProbability / 2).And.BeLessThanOrEqualTo(SimulationDefaults.OutboundProbability);
        run.CallTypes["outbound"].Should().Be(run.OutboundCalls, "outbound calls have their own call type");
    }

    [Fact]
    public void Dispositions_are_on_most_wrap_ends_and_cover_the_four_outcome_classes_and_free_codes()
    {
        var dispositions = LongRun.Value.Dispositions;
        var coded = dispositions.Where(d => d.Key.Length > 0).Sum(d => d.Value);

        ((double)coded / dispositions.Values.Sum()).Should().BeApproximately(SimulationDefaults.DispositionProbability, 0.01);
        dispositions.Keys.Should().BeEquivalentTo(["", "resolved", "escalated", "sale", "complaint", "follow-up", "information", "transferred"]);
        dispositions["resolved"].Should().BeGreaterThan(dispositions.Where(d => d.Key is not ("" or "resolved")).Max(d => d.Value), "most calls are resolved");
    }

    [Fact]
    public void Talk_differs_by_call_type_so_AHT_by_call_type_does()
    {
        var byType = LongRun.Value.TalkSecondsByCallType.ToDictionary(t => t.Key, t => t.Value.Average());

        byType.Keys.Should().BeEquivalentTo(["general", "billing", "order", "technical", "complaint", "outbound"]);
        byType["technical"].Should().BeGreaterThan(1.6 * byType["general"]);
        byType["general"].Should().BeLessThan(byType["billing"]).And.BeLessThan(byType["order"]);
        byType["outbound"].Should().BeLessThan(byType["general"]);
    }

    [Fact]
    public void Every_call_has_a_caller_and_a_call_type()
    {
        var arrivals = Some.Events(Some.Options(seed: 11))
            .Select(e => System.Text.Json.JsonDocument.Parse(e.Json).RootElement)
            .Where(r => r.GetProperty("type").GetString() == "call.arrived")
            .ToList();

        arrivals.Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("caller").GetString()!.StartsWith("cust-", StringComparison.Ordinal)
            && r.GetProperty("call_type").GetString()!.Length > 0);
    }

    [Fact]
    public void With_the_default_options_10_to_25_percent_of_inbound_calls_repeat_a_contact_of_the_last_7_days()
    {
        // A week at the defaults (seed 21); calls of the first two days are not counted, as their callers' earlier
        // contacts fall before the start.
        var options = new SimulationOptions { Seed = 21, Duration = TimeSpan.FromDays(7) };
        var repeats = new RepeatContacts();
        repeats.Add(new CallCenterSimulator(options));

        var (calls, repeated) = repeats.Count((options.Start + TimeSpan.FromDays(2)).ToUnixTimeMilliseconds() * 1_000_000, TimeSpan.FromDays(7));

        calls.Should().BeGreaterThan(10_000);
        ((double)repeated / calls).Should().BeInRange(0.10, 0.25);
    }

    [Fact]
    public void Unresolved_callers_call_again_more_often()
    {
        var none = new RepeatContacts();
        none.Add(new CallCenterSimulator(Some.Options(seed: 21, duration: TimeSpan.FromDays(4), configure: o => (o.RepeatProbabilityResolved, o.RepeatProbabilityUnresolved) = (0, 0))));
        var onlyUnresolved = new RepeatContacts();
        onlyUnresolved.Add(new CallCenterSimulator(Some.Options(seed: 21, duration: TimeSpan.FromDays(4), configure: o => o.RepeatProbabilityResolved = 0)));
        var from = Some.Options().Start.AddDays(2).ToUnixTimeMilliseconds() * 1_000_000;

        static double Share((int Calls, int Repeats) count) => (double)count.Repeats / count.Calls;

        Share(none.Count(from, TimeSpan.FromDays(7))).Should().BeLessThan(0.03, "without callbacks only unrelated calls of one customer repeat");
        Share(onlyUnresolved.Count(from, TimeSpan.FromDays(7))).Should().BeGreaterThan(0.06);
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

        // 50 agents * 0.8 occupancy * 7.5/8.5 on duty, over the handle time, for the legs per call: inbound calls
        // (95 %) that leave the IVR (95 %), with a second leg after a transfer (5 %) or an escalation (3 %), and
        // outbound calls (5 %) of one leg.
        rate.Should().BeApproximately(0.8 * 50 * (7.5 / 8.5) * 3600 / handle / ((0.95 * 0.95 * 1.08) + 0.05), 0.5);
    }

    [Fact]
    public void CallsPerHour_sets_the_rate()
    {
        var few = Some.Events(Some.Options(configure: o => o.CallsPerHour = 20)).Count;
        var many = Some.Events(Some.Options(configure: o => o.CallsPerHour = 80)).Count;

        many.Should().BeGreaterThan(few * 2);
    }
}
