using CallMetrics.Core.Options;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>METRICS.md "Segments" (wait per queue visit), queue fields and the queue rules of "Precise rules".</summary>
public sealed class QueueVisitTests
{
    private static Scenario A1LoggedIn() => Scenario.Create().At("09:00").Login("a1", team: "blue");

    [Fact]
    public void Abandon_of_a_waiting_call_counts_abandoned_with_its_wait()
    {
        // c1 waits 09:01-09:01:30 (30 s) and hangs up: abandoned 1, max_wait 30, SL 0/(0 + 1) = 0, abandon rate 1/1; no asa.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:30").Ended("c1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Number("offered").Should().Be(1);
        sales.Number("abandoned").Should().Be(1);
        sales.Number("short_abandoned").Should().Be(0);
        sales.Number("max_wait_s").Should().Be(30);
        sales.Number("service_level").Should().Be(0);
        sales.Number("abandon_rate").Should().Be(1);
        sales.Has("asa_s").Should().BeFalse();
    }

    [Fact]
    public void ShortAbandon_wait_exactly_short_abandon_is_not_short()
    {
        // wait 09:01:00-09:01:05 = 5 s = short_abandon: abandoned, not short.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:05").Ended("c1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Number("abandoned").Should().Be(1);
        sales.Number("short_abandoned").Should().Be(0);
    }

    [Fact]
    public void ShortAbandon_wait_just_under_short_abandon_is_short()
    {
        // wait 4.999 s < 5 s: short abandon.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:04.999").Ended("c1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Number("abandoned").Should().Be(0);
        sales.Number("short_abandoned").Should().Be(1);
    }

    [Fact]
    public void ShortAbandon_uses_the_configured_short_abandon()
    {
        // short_abandon 30 s: a wait of 20 s is short.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:20").Ended("c1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s, new MetricsOptions { ShortAbandon = TimeSpan.FromSeconds(30) }).Queue("sales", s.Nanos("09:00"));

        sales.Number("short_abandoned").Should().Be(1);
        sales.Number("abandoned").Should().Be(0);
    }

    [Fact]
    public void ShortAbandon_counts_toward_max_wait_but_not_service_level_or_abandon_rate()
    {
        // short_abandon 30 s. c1 answered after 10 s; c2 abandons after 20 s (short).
        // max_wait = 20 (the short abandon); SL = 1/(1 + 0) = 1; abandon rate = 0/1 = 0.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").Queued("c2", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:01:20").Ended("c2").At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s, new MetricsOptions { ShortAbandon = TimeSpan.FromSeconds(30) }).Queue("sales", s.Nanos("09:00"));

        sales.Number("max_wait_s").Should().Be(20);
        sales.Number("service_level").Should().Be(1);
        sales.Number("abandon_rate").Should().Be(0);
        sales.Number("short_abandoned").Should().Be(1);
    }

    [Fact]
    public void ShortAbandon_alone_gives_max_wait_but_no_service_level_or_abandon_rate()
    {
        // Only a short abandon (3 s): answered + abandoned = 0, so SL and abandon rate are omitted; max_wait 3.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:03").Ended("c1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Number("max_wait_s").Should().Be(3);
        sales.Has("service_level").Should().BeFalse();
        sales.Has("abandon_rate").Should().BeFalse();
        sales.Has("asa_s").Should().BeFalse();
    }

    [Fact]
    public void ServiceLevel_wait_equal_to_the_threshold_is_within()
    {
        // wait 09:01:00-09:01:20 = 20 s <= 20 s: SL 1/1.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:20").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        Replayer.Run(s).Queue("sales", s.Nanos("09:00")).Number("service_level").Should().Be(1);
    }

    [Fact]
    public void ServiceLevel_wait_just_over_the_threshold_is_not_within()
    {
        // wait 20.001 s > 20 s: SL 0/1.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:20.001").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        Replayer.Run(s).Queue("sales", s.Nanos("09:00")).Number("service_level").Should().Be(0);
    }

    [Fact]
    public void ServiceLevel_uses_the_configured_threshold()
    {
        // threshold 30 s: a wait of 25 s is within.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:25").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s, new MetricsOptions { ServiceLevelThreshold = TimeSpan.FromSeconds(30) }).Queue("sales", s.Nanos("09:00"));

        sales.Number("service_level").Should().Be(1);
    }

    [Fact]
    public void Answered_naming_another_queue_gives_the_answer_to_the_visit_queue_and_the_leg_to_the_named_queue()
    {
        // c1 waits in sales 10 s, answered naming vip: sales answered 1, asa 10, handled 0 (no aht);
        // vip: handled 1, aht 120 + 30 = 150, no answer, no offer.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1", queue: "vip")
            .At("09:03:10").Ended("c1").At("09:03:40").WrapEnded("c1", "a1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);
        var sales = replayer.Queue("sales", s.Nanos("09:00"));
        var vip = replayer.Queue("vip", s.Nanos("09:00"));

        sales.Number("answered").Should().Be(1);
        sales.Number("asa_s").Should().Be(10);
        sales.Number("handled").Should().Be(0);
        sales.Has("aht_s").Should().BeFalse();
        vip.Number("handled").Should().Be(1);
        vip.Number("aht_s").Should().Be(150);
        vip.Number("answered").Should().Be(0);
        vip.Number("offered").Should().Be(0);
        vip.Has("asa_s").Should().BeFalse();
    }

    [Fact]
    public void Answered_without_a_queue_visit_counts_for_no_queue()
    {
        // Outbound-like: a1 is connected to c1 with no call.queued. The leg is handled (120 + 30) by a1 and the tenant,
        // but there is no queue line and the tenant has no answer.
        var s = A1LoggedIn().At("09:01").Arrived("c1").Answered("c1", "a1").At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1")
            .At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.All("queue_metrics").Should().BeEmpty();
        replayer.Agent("a1", t).Number("handled").Should().Be(1);
        replayer.Tenant(t).Number("handled").Should().Be(1);
        replayer.Tenant(t).Number("aht_s").Should().Be(150);
        replayer.Tenant(t).Number("answered").Should().Be(0);
        replayer.Tenant(t).Number("offered").Should().Be(0);
    }

    [Fact]
    public void Answered_without_a_queue_visit_but_naming_a_queue_counts_the_leg_for_that_queue()
    {
        // No visit; call.answered names sales: sales gets the leg (handled 1, aht 150).
        var s = A1LoggedIn().At("09:01").Answered("c1", "a1", queue: "sales").At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1")
            .At("09:10").Logout("a1");

        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Number("handled").Should().Be(1);
        sales.Number("aht_s").Should().Be(150);
        sales.Number("offered").Should().Be(0);
    }

    [Fact]
    public void Queued_while_already_queued_ends_the_earlier_visit_with_no_outcome_and_offers_a_new_visit()
    {
        // sales visit 09:01-09:01:30 ends with no outcome; support visit 09:01:30-09:02 (30 s) is answered.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:30").Queued("c1", "support").At("09:02").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);
        var sales = replayer.Queue("sales", s.Nanos("09:00"));
        var support = replayer.Queue("support", s.Nanos("09:00"));

        sales.Number("offered").Should().Be(1);
        sales.Number("answered").Should().Be(0);
        sales.Number("abandoned").Should().Be(0);
        sales.Number("short_abandoned").Should().Be(0);
        sales.Has("max_wait_s").Should().BeFalse();
        sales.Number("handled").Should().Be(0);
        support.Number("offered").Should().Be(1);
        support.Number("answered").Should().Be(1);
        support.Number("asa_s").Should().Be(30);
        support.Number("handled").Should().Be(1);
    }

    [Fact]
    public void Queued_again_in_the_same_queue_is_a_second_offer()
    {
        // Re-queued in sales at 09:01:30: offered 2, answered 1 with wait 09:01:30-09:02 = 30 (the new visit).
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").At("09:01:30").Queued("c1", "sales").At("09:02").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Number("offered").Should().Be(2);
        sales.Number("answered").Should().Be(1);
        sales.Number("asa_s").Should().Be(30);
    }

    [Fact]
    public void Call_ending_in_the_ivr_counts_for_no_queue()
    {
        var s = A1LoggedIn().At("09:01").Arrived("c1").At("09:02").Ended("c1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.All("queue_metrics").Should().BeEmpty();
        replayer.Tenant(s.Nanos("09:00")).Number("offered").Should().Be(0);
        replayer.Tenant(s.Nanos("09:00")).Number("abandoned").Should().Be(0);
    }

    [Fact]
    public void Asa_and_max_wait_are_the_mean_and_the_longest_wait_of_the_answers()
    {
        // waits 10 and 40: asa 25, max_wait 40; SL 1/2 = 0.5.
        var s = A1LoggedIn().Login("a2").At("09:01").Queued("c1", "sales").Queued("c2", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:01:40").Answered("c2", "a2").At("09:03").Ended("c1").Ended("c2").At("09:03:30").WrapEnded("c1", "a1").WrapEnded("c2", "a2")
            .At("09:10").Logout("a1").Logout("a2");

        var sales = Replayer.Run(s).Queue("sales", s.Nanos("09:00"));

        sales.Number("asa_s").Should().Be(25);
        sales.Number("max_wait_s").Should().Be(40);
        sales.Number("service_level").Should().Be(0.5);
    }

    [Fact]
    public void ShortAbandon_of_zero_makes_every_abandon_a_real_abandon()
    {
        // short_abandon 0: a wait of 0 s is not shorter than 0 s.
        var s = A1LoggedIn().At("09:01").Queued("c1", "sales").Ended("c1").At("09:10").Logout("a1");

        var sales = Replayer.Run(s, new MetricsOptions { ShortAbandon = TimeSpan.Zero }).Queue("sales", s.Nanos("09:00"));

        sales.Number("abandoned").Should().Be(1);
        sales.Number("short_abandoned").Should().Be(0);
    }
}
