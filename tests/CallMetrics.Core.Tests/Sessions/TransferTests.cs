using CallMetrics.Core.Sessions;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>METRICS.md: transfers, the legs of two agents on one call, and their queue attribution.</summary>
public sealed class TransferTests
{
    /// <summary>
    /// a1 (blue) and a2 (green) logged in 09:00-09:10. c1 waits in sales 09:01:00-09:01:10 (10 s), a1 talks
    /// 09:01:10-09:03:10 (120) and transfers; c1 waits in support 09:03:20-09:03:50 (30 s); a1 wraps
    /// 09:03:10-09:03:40 (30): a1's handle 150. a2 talks 09:03:50-09:06:50 (180), wraps -09:07:10 (20): handle 200.
    /// </summary>
    private static Scenario TransferThroughSupport() =>
        Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2", team: "green")
            .At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:03:10").Transferred("c1", "a1", toQueue: "support").At("09:03:20").Queued("c1", "support")
            .At("09:03:40").WrapEnded("c1", "a1").At("09:03:50").Answered("c1", "a2")
            .At("09:06:50").Ended("c1").At("09:07:10").WrapEnded("c1", "a2")
            .At("09:10").Logout("a1").Logout("a2");

    [Fact]
    public void Transfer_counts_one_transfer_on_the_transferring_agent_only()
    {
        var s = TransferThroughSupport();
        var replayer = Replayer.Run(s);

        replayer.Agent("a1", s.Nanos("09:00")).Number("transfers").Should().Be(1);
        replayer.Agent("a2", s.Nanos("09:00")).Number("transfers").Should().Be(0);
    }

    [Fact]
    public void Transfer_both_legs_are_handled_with_their_own_handle_time()
    {
        // a1: 120 + 30 = 150; a2: 180 + 20 = 200; tenant aht (150 + 200) / 2 = 175.
        var s = TransferThroughSupport();
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.Agent("a1", t).Number("handled").Should().Be(1);
        replayer.Agent("a1", t).Number("aht_s").Should().Be(150);
        replayer.Agent("a2", t).Number("handled").Should().Be(1);
        replayer.Agent("a2", t).Number("aht_s").Should().Be(200);
        replayer.Tenant(t).Number("handled").Should().Be(2);
        replayer.Tenant(t).Number("aht_s").Should().Be(175);
    }

    [Fact]
    public void Transfer_each_leg_is_attributed_to_the_queue_it_was_answered_from()
    {
        // sales: offered 1, answered 1 (wait 10), handled a1's leg (150). support: offered 1, answered 1 (wait 30), a2's leg (200).
        var s = TransferThroughSupport();
        var replayer = Replayer.Run(s);
        var sales = replayer.Queue("sales", s.Nanos("09:00"));
        var support = replayer.Queue("support", s.Nanos("09:00"));

        sales.Number("offered").Should().Be(1);
        sales.Number("answered").Should().Be(1);
        sales.Number("asa_s").Should().Be(10);
        sales.Number("handled").Should().Be(1);
        sales.Number("aht_s").Should().Be(150);
        support.Number("offered").Should().Be(1);
        support.Number("answered").Should().Be(1);
        support.Number("asa_s").Should().Be(30);
        support.Number("handled").Should().Be(1);
        support.Number("aht_s").Should().Be(200);
    }

    [Fact]
    public void Transfer_a_new_visit_after_a_transfer_is_a_new_offer_with_its_own_wait()
    {
        // Tenant: offered 2, answered 2, asa (10 + 30) / 2 = 20, SL 1 (10 s) of 2 = 0.5.
        var s = TransferThroughSupport();
        var tenant = Replayer.Run(s).Tenant(s.Nanos("09:00"));

        tenant.Number("offered").Should().Be(2);
        tenant.Number("answered").Should().Be(2);
        tenant.Number("asa_s").Should().Be(20);
        tenant.Number("service_level").Should().Be(0.5);
    }

    [Fact]
    public void CallEnded_between_a_transfer_and_the_next_queued_is_not_an_abandon()
    {
        // a1 transfers at 09:03:10 and the caller hangs up at 09:03:15 before any call.queued: no abandon anywhere.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue")
            .At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:03:10").Transferred("c1", "a1", toQueue: "support").At("09:03:15").Ended("c1")
            .At("09:03:40").WrapEnded("c1", "a1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.Tenant(t).Number("abandoned").Should().Be(0);
        replayer.Tenant(t).Number("short_abandoned").Should().Be(0);
        replayer.Queue("sales", t).Number("abandoned").Should().Be(0);
        replayer.HasLine("queue_metrics", "queue", "support", t).Should().BeFalse();
    }

    [Fact]
    public void Transfer_straight_to_an_agent_gives_the_second_leg_to_no_queue()
    {
        // a1 transfers to a2, who answers at 09:03:20 with no call.queued: a2's leg (talk 09:03:20-09:05 = 100,
        // wrap 20: 120) is handled by a2 and the tenant, but counts for no queue: sales keeps only a1's leg.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2", team: "green")
            .At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:03:10").Transferred("c1", "a1", toAgent: "a2").At("09:03:20").Answered("c1", "a2")
            .At("09:03:40").WrapEnded("c1", "a1").At("09:05").Ended("c1").At("09:05:20").WrapEnded("c1", "a2")
            .At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.Agent("a2", t).Number("handled").Should().Be(1);
        replayer.Agent("a2", t).Number("aht_s").Should().Be(120);
        replayer.Queue("sales", t).Number("answered").Should().Be(1);
        replayer.Queue("sales", t).Number("handled").Should().Be(1);
        replayer.Queue("sales", t).Number("aht_s").Should().Be(150);
        replayer.All("queue_metrics").Should().ContainSingle();
        replayer.Tenant(t).Number("handled").Should().Be(2);
        replayer.Tenant(t).Number("answered").Should().Be(1);
    }

    [Fact]
    public void Transfer_by_an_agent_who_is_not_connected_is_ignored_and_counted()
    {
        // a2 "transfers" c1 while a1 is connected: ignored. a1 talks 09:01:10-09:03:10 on; no transfers for anyone.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").Login("a2", team: "green")
            .At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:02").Transferred("c1", "a2").At("09:03:10").Ended("c1").At("09:03:40").WrapEnded("c1", "a1")
            .At("09:10").Logout("a1").Logout("a2");
        var replayer = Replayer.Run(s);
        var t = s.Nanos("09:00");

        replayer.Agent("a1", t).Number("talk_s").Should().Be(120);
        replayer.Agent("a1", t).Number("transfers").Should().Be(0);
        replayer.Agent("a2", t).Number("transfers").Should().Be(0);
        replayer.Agent("a2", t).Number("busy_s").Should().Be(0);
        replayer.Engine.SessionCounters[Anomaly.TransferNotConnected].Should().Be(1);
    }

    [Fact]
    public void Transfer_back_to_a_queue_answered_again_by_the_same_agent_is_a_second_leg()
    {
        // a1: leg 1 talk 09:01:10-09:03:10 (120), transfer, wrap 09:03:10-09:03:50 (ended by the new answer: 40): 160.
        // c1 waits in sales again 09:03:20-09:03:50 (30); a1's leg 2: talk 09:03:50-09:05:50 (120), wrap -09:06:10 (20): 140.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue")
            .At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:03:10").Transferred("c1", "a1", toQueue: "sales").At("09:03:20").Queued("c1", "sales").At("09:03:50").Answered("c1", "a1")
            .At("09:05:50").Ended("c1").At("09:06:10").WrapEnded("c1", "a1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);
        var a1 = replayer.Agent("a1", s.Nanos("09:00"));
        var sales = replayer.Queue("sales", s.Nanos("09:00"));

        a1.Number("handled").Should().Be(2);
        a1.Number("aht_s").Should().Be(150);
        a1.Number("transfers").Should().Be(1);
        sales.Number("offered").Should().Be(2);
        sales.Number("answered").Should().Be(2);
        sales.Number("asa_s").Should().Be(20);
        sales.Number("handled").Should().Be(2);
    }

    [Fact]
    public void Transfer_while_the_call_waits_in_a_queue_is_ignored_and_the_wait_continues()
    {
        // No agent is connected: the transfer is ignored; c1 abandons after 40 s.
        var s = Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").At("09:01:20").Transferred("c1", "a1")
            .At("09:01:40").Ended("c1").At("09:10").Logout("a1");
        var replayer = Replayer.Run(s);

        replayer.Queue("sales", s.Nanos("09:00")).Number("abandoned").Should().Be(1);
        replayer.Queue("sales", s.Nanos("09:00")).Number("max_wait_s").Should().Be(40);
        replayer.Agent("a1", s.Nanos("09:00")).Number("transfers").Should().Be(0);
    }
}
