using CallMetrics.Inputs;
using CallMetrics.Inputs.Asterisk;

namespace CallMetrics.Tests.Inputs.Asterisk;

/// <summary>
/// Realistic queue_log files (TestData/asterisk-*.queue_log, written after Asterisk's "Queue Logs" documentation and
/// app_queue's field lists) and the complete canonical stream each becomes. Wrap-up: sales 15 s, support 30 s.
/// </summary>
public class AsteriskQueueLogFileTests
{
    private static Translation.Result Run(string file) =>
        Translation.RunFile(AsteriskQueueLogTranslator.FormatName, file, Configure);

    internal static void Configure(TranslatorOptions options)
    {
        options.QueueWrapUp["sales"] = TimeSpan.FromSeconds(15);
        options.QueueWrapUp["support"] = TimeSpan.FromSeconds(30);
    }

    [Fact]
    public void Normal_day_with_restart_reload_ring_events_and_a_lunch_pause()
    {
        var result = Run("asterisk-normal-day.queue_log");

        result.Rejected.Should().BeEmpty();
        result.Brief().Should().Equal(
            "agent.login 09:00:00 1001 state=available",
            "agent.login 09:00:10 1002 state=available",
            "call.arrived 09:01:00 1795338055.10 caller=+3120555001",
            "call.queued 09:01:00 1795338055.10 queue=sales",
            "call.answered 09:01:12 1795338055.10 1001 queue=sales",
            "call.ended 09:04:12 1795338055.10 1001",
            "wrap.ended 09:04:27 1795338055.10 1001",
            "call.arrived 09:05:00 1795338298.20 caller=+3120555002",
            "call.queued 09:05:00 1795338298.20 queue=support",
            "call.answered 09:05:34 1795338298.20 1001 queue=support",
            "call.arrived 09:06:40 1795338395.30 caller=+3120555003",
            "call.queued 09:06:40 1795338395.30 queue=sales",
            "call.answered 09:06:46 1795338395.30 1002 queue=sales",
            "call.ended 09:08:46 1795338395.30 1002",
            "wrap.ended 09:09:01 1795338395.30 1002",
            "call.ended 09:09:34 1795338298.20 1001",
            "agent.state 09:10:00 1002 state=not_ready reason=lunch",
            "wrap.ended 09:10:04 1795338298.20 1001",
            "agent.logout 09:14:00 1001",
            "agent.logout 09:14:30 1002");
    }

    [Fact]
    public void Blind_attended_and_legacy_transfers()
    {
        var result = Run("asterisk-transfers.queue_log");

        result.Rejected.Should().BeEmpty();
        result.Brief().Should().Equal(
            "agent.login 09:00:00 1001 state=available",
            "agent.login 09:00:00 1002 state=available",
            "call.arrived 09:00:30 1795338028.40 caller=+3120555040",
            "call.queued 09:00:30 1795338028.40 queue=sales",
            "call.answered 09:00:40 1795338028.40 1001 queue=sales",
            "call.transferred 09:03:40 1795338028.40 1001",
            "call.queued 09:03:42 1795338028.40 queue=support",
            "call.answered 09:03:50 1795338028.40 1002 queue=support",
            "wrap.ended 09:03:55 1795338028.40 1001",
            "call.arrived 09:04:00 1795338238.50 caller=+3120555050",
            "call.queued 09:04:00 1795338238.50 queue=support",
            "call.answered 09:04:05 1795338238.50 1001 queue=support",
            "call.ended 09:06:50 1795338028.40 1002",
            "call.transferred 09:07:05 1795338238.50 1001",
            "wrap.ended 09:07:20 1795338028.40 1002",
            "wrap.ended 09:07:35 1795338238.50 1001",
            "call.arrived 09:08:00 1795338470.60 caller=+3120555060",
            "call.queued 09:08:00 1795338470.60 queue=sales",
            "call.answered 09:08:20 1795338470.60 1002 queue=sales",
            "call.transferred 09:10:00 1795338470.60 1002",
            "wrap.ended 09:10:15 1795338470.60 1002",
            "agent.logout 09:12:00 1001",
            "agent.logout 09:12:00 1002");
    }

    [Fact]
    public void Abandons_of_every_kind_and_a_ring_no_answer()
    {
        var result = Run("asterisk-abandons.queue_log");

        result.Rejected.Should().BeEmpty();
        result.Brief().Should().Equal(
            "agent.login 09:00:00 1001 state=available",
            "call.arrived 09:01:00 1795338058.71 caller=+3120555071",
            "call.queued 09:01:00 1795338058.71 queue=sales",
            "call.ended 09:01:03 1795338058.71",
            "call.arrived 09:02:00 1795338118.72 caller=+3120555072",
            "call.queued 09:02:00 1795338118.72 queue=sales",
            "call.ended 09:02:40 1795338118.72",
            "call.arrived 09:03:00 1795338178.73 caller=+3120555073",
            "call.queued 09:03:00 1795338178.73 queue=sales",
            "call.ended 09:04:00 1795338178.73",
            "call.arrived 09:04:00 1795338178.73-2 caller=+3120555073",
            "call.queued 09:04:00 1795338178.73-2 queue=support",
            "call.ended 09:04:10 1795338178.73-2",
            "call.arrived 09:05:00 1795338298.74 caller=+3120555074",
            "call.queued 09:05:00 1795338298.74 queue=sales",
            "call.ended 09:05:25 1795338298.74",
            "call.arrived 09:06:00 1795338358.75 caller=+3120555075",
            "call.queued 09:06:00 1795338358.75 queue=sales",
            "call.answered 09:06:30 1795338358.75 1001 queue=sales",
            "call.ended 09:08:30 1795338358.75 1001",
            "wrap.ended 09:08:45 1795338358.75 1001",
            "agent.logout 09:10:00 1001");
    }

    [Fact]
    public void Call_across_the_09_15_boundary_then_a_break()
    {
        var result = Run("asterisk-interval-boundary.queue_log");

        result.Rejected.Should().BeEmpty();
        result.Brief().Should().Equal(
            "agent.login 09:10:00 1001 state=available",
            "call.arrived 09:12:00 1795338718.80 caller=+3120555080",
            "call.queued 09:12:00 1795338718.80 queue=sales",
            "call.answered 09:12:10 1795338718.80 1001 queue=sales",
            "call.ended 09:16:10 1795338718.80 1001",
            "wrap.ended 09:16:25 1795338718.80 1001",
            "agent.state 09:20:00 1001 state=not_ready reason=break",
            "agent.state 09:25:00 1001 state=available",
            "agent.logout 09:28:00 1001");
    }

    [Theory]
    [InlineData("asterisk-normal-day.queue_log")]
    [InlineData("asterisk-transfers.queue_log")]
    [InlineData("asterisk-abandons.queue_log")]
    [InlineData("asterisk-interval-boundary.queue_log")]
    public void Output_is_in_time_order_with_unique_ids(string file)
    {
        var result = Run(file);

        TranslationInvariants.ShouldHold(result.Events);
    }
}
