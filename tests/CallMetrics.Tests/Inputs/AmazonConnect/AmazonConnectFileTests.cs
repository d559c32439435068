using CallMetrics.Inputs.AmazonConnect;

namespace CallMetrics.Tests.Inputs.AmazonConnect;

/// <summary>
/// Realistic agent event stream logs (TestData/amazon-connect-*.jsonl, shaped after the documented AgentEvent record:
/// AWSAccountId, AgentARN, EventId, EventTimestamp, EventType, InstanceARN, Version, Current/PreviousAgentSnapshot)
/// and the complete canonical stream each becomes.
/// </summary>
public class AmazonConnectFileTests
{
    private const string A1 = "a1c0ffee-0000-4000-8000-000000000a01";
    private const string B1 = "b1c0ffee-0000-4000-8000-000000000b01";
    private const string O1 = "0bc0ffee-0000-4000-8000-000000000001";
    private const string C1 = "c1c0ffee-0000-4000-8000-000000000c01";
    private const string C2 = "c2c0ffee-0000-4000-8000-000000000c02";
    private const string D1 = "d1c0ffee-0000-4000-8000-000000000d01";

    private static Translation.Result Run(string file) => Translation.RunFile(AmazonConnectTranslator.FormatName, file);

    [Fact]
    public void Normal_day_with_hold_missed_offer_ACW_lunch_break_and_outbound()
    {
        var result = Run("amazon-connect-normal-day.jsonl");

        result.Rejected.Should().BeEmpty();
        result.Brief().Should().Equal(
            "agent.login 09:00:00 alice team=blue state=available",
            "agent.login 09:00:10 bob team=green state=available",
            $"call.queued 09:01:00 {A1} queue=sales",
            $"call.answered 09:01:15 {A1} alice queue=sales",
            $"call.queued 09:02:00 {B1} queue=support",
            $"call.answered 09:03:05 {B1} bob queue=support",
            $"call.held 09:03:15 {A1} alice",
            $"call.retrieved 09:03:45 {A1} alice",
            $"call.ended 09:05:15 {A1} alice",
            $"wrap.ended 09:05:45 {A1} alice",
            $"call.ended 09:06:05 {B1} bob",
            $"wrap.ended 09:06:35 {B1} bob",
            "agent.state 09:06:35 bob state=not_ready reason=lunch",
            $"call.arrived 09:08:10 {O1} direction=outbound",
            $"call.answered 09:08:10 {O1} alice",
            "agent.state 09:10:00 bob state=available",
            $"call.ended 09:10:10 {O1} alice",
            $"wrap.ended 09:10:20 {O1} alice",
            "agent.state 09:11:00 alice state=not_ready reason=break",
            "agent.state 09:13:00 alice state=available",
            "agent.logout 09:14:00 bob",
            "agent.logout 09:14:30 alice");
    }

    [Fact]
    public void Transfer_to_queue_rejected_offer_and_caller_gone_while_ringing()
    {
        var result = Run("amazon-connect-transfers-and-abandons.jsonl");

        result.Rejected.Should().BeEmpty();
        result.Brief().Should().Equal(
            "agent.login 09:00:00 alice team=blue state=available",
            "agent.login 09:00:00 bob team=green state=available",
            $"call.queued 09:00:50 {C1} queue=sales",
            $"call.answered 09:01:00 {C1} alice queue=sales",
            $"call.ended 09:04:00 {C1} alice",
            $"call.queued 09:04:00 {C2} queue=support",
            $"call.answered 09:04:12 {C2} bob queue=support",
            $"wrap.ended 09:04:20 {C1} alice",
            $"call.ended 09:07:12 {C2} bob",
            $"wrap.ended 09:07:42 {C2} bob",
            "agent.logout 09:10:00 alice",
            "agent.logout 09:10:00 bob");
    }

    [Fact]
    public void Call_with_hold_across_the_09_15_boundary()
    {
        var result = Run("amazon-connect-interval-boundary.jsonl");

        result.Rejected.Should().BeEmpty();
        result.Brief().Should().Equal(
            "agent.login 09:10:00 alice team=blue state=available",
            $"call.queued 09:13:50 {D1} queue=sales",
            $"call.answered 09:14:00 {D1} alice queue=sales",
            $"call.held 09:14:50 {D1} alice",
            $"call.retrieved 09:15:20 {D1} alice",
            $"call.ended 09:17:00 {D1} alice",
            $"wrap.ended 09:17:40 {D1} alice",
            "agent.logout 09:20:00 alice");
    }

    [Theory]
    [InlineData("amazon-connect-normal-day.jsonl")]
    [InlineData("amazon-connect-transfers-and-abandons.jsonl")]
    [InlineData("amazon-connect-interval-boundary.jsonl")]
    public void Output_is_in_time_order_with_unique_ids(string file)
    {
        TranslationInvariants.ShouldHold(Run(file).Events);
    }
}
