using CallMetrics.Inputs;
using CallMetrics.Inputs.Asterisk;

namespace CallMetrics.Tests.Inputs.Asterisk;

/// <summary>One queue_log event kind per test, with the exact canonical events it becomes (docs/INPUTS.md, Asterisk table).</summary>
public class AsteriskQueueLogTranslatorTests
{
    // 2026-11-22T09:00:00Z
    private const long T0 = 1795338000;

    private static Translation.Result Run(params string[] lines) => Run(null, lines);

    private static Translation.Result Run(Action<TranslatorOptions>? configure, params string[] lines) =>
        Translation.Run(Translation.Create(AsteriskQueueLogTranslator.FormatName, configure), lines);

    private static string L(long offsetSeconds, string rest) => $"{T0 + offsetSeconds}|{rest}";

    [Fact]
    public void EnterQueue_becomes_arrived_with_caller_then_queued_with_exact_json()
    {
        var result = Run(L(5, "1795337990.7|sales|NONE|ENTERQUEUE||+3120555001|1"));

        result.Events.Should().Equal(
            """{"event_id":"ast-1795337990.7-1-0","type":"call.arrived","ts":"2026-11-22T09:00:05.000Z","tenant":"default","call_id":"1795337990.7","caller":"+3120555001"}""",
            """{"event_id":"ast-1795337990.7-1-1","type":"call.queued","ts":"2026-11-22T09:00:05.000Z","tenant":"default","call_id":"1795337990.7","queue":"sales"}""");
    }

    [Fact]
    public void EnterQueue_of_Asterisk_1_4_without_position_and_unknown_caller_has_no_caller()
    {
        var result = Run(L(5, "1795337990.7|sales|NONE|ENTERQUEUE||unknown"));

        result.Brief().Should().Equal("call.arrived 09:00:05 1795337990.7", "call.queued 09:00:05 1795337990.7 queue=sales");
    }

    [Fact]
    public void Connect_becomes_answered_naming_the_queue_with_exact_json()
    {
        var result = Run(o => o.Tenant = "acme", L(12, "1795337990.7|sales|PJSIP/1001|CONNECT|7|1795338005.8|3"));

        result.Events.Should().Equal(
            """{"event_id":"ast-1795337990.7-1-0","type":"call.answered","ts":"2026-11-22T09:00:12.000Z","tenant":"acme","call_id":"1795337990.7","agent_id":"1001","queue":"sales"}""");
    }

    [Fact]
    public void Connect_of_Asterisk_1_4_without_ringtime_is_accepted()
    {
        Run(L(12, "1795337990.7|sales|SIP/1001|CONNECT|7|1795338005.8")).Brief()
            .Should().Equal("call.answered 09:00:12 1795337990.7 1001 queue=sales");
    }

    [Theory]
    [InlineData("COMPLETEAGENT")]
    [InlineData("COMPLETECALLER")]
    public void Complete_ends_the_call_and_schedules_wrap_end_after_the_queue_wrapuptime(string kind)
    {
        var result = Run(
            o => o.QueueWrapUp["sales"] = TimeSpan.FromSeconds(20),
            L(0, "c1|sales|NONE|ENTERQUEUE||+31|1"),
            L(10, "c1|sales|PJSIP/1001|CONNECT|10|c2|2"),
            L(100, $"c1|sales|PJSIP/1001|{kind}|10|90|1"));

        result.Brief().Should().Equal(
            "call.arrived 09:00:00 c1 caller=+31",
            "call.queued 09:00:00 c1 queue=sales",
            "call.answered 09:00:10 c1 1001 queue=sales",
            "call.ended 09:01:40 c1 1001",
            "wrap.ended 09:02:00 c1 1001");
        result.Events[^1].Should().Be("""{"event_id":"ast-c1-3-1","type":"wrap.ended","ts":"2026-11-22T09:02:00.000Z","tenant":"default","call_id":"c1","agent_id":"1001"}""");
    }

    [Fact]
    public void Complete_in_a_queue_without_wrapuptime_uses_the_default_of_zero()
    {
        Run(L(10, "c1|sales|PJSIP/1001|CONNECT|10|c2|2"), L(100, "c1|sales|PJSIP/1001|COMPLETEAGENT|10|90|1")).Brief()
            .Should().Equal("call.answered 09:00:10 c1 1001 queue=sales", "call.ended 09:01:40 c1 1001", "wrap.ended 09:01:40 c1 1001");
    }

    [Theory]
    [InlineData("TRANSFER|2001|from-internal|10|90")]
    [InlineData("TRANSFER|2001|from-internal|10|90|1")]
    [InlineData("BLINDTRANSFER|600|from-internal|10|90|1")]
    [InlineData("ATTENDEDTRANSFER|BRIDGE|3b4c5d6e-0f1a|10|90|1")]
    [InlineData("ATTENDEDTRANSFER|APP|VoiceMail|10|90|1")]
    [InlineData("ATTENDEDTRANSFER|LINK|Local/2001@from-internal-0001;1|Local/2001@from-internal-0001;2|10|90|1")]
    public void Every_transfer_variant_becomes_transferred_and_schedules_wrap(string transfer)
    {
        var result = Run(
            o => o.DefaultWrapUp = TimeSpan.FromSeconds(5),
            L(10, "c1|sales|PJSIP/1001|CONNECT|10|c2|2"),
            L(100, $"c1|sales|PJSIP/1001|{transfer}"));

        result.Brief().Should().Equal(
            "call.answered 09:00:10 c1 1001 queue=sales",
            "call.transferred 09:01:40 c1 1001",
            "wrap.ended 09:01:45 c1 1001");
    }

    [Theory]
    [InlineData("ABANDON|2|3|40")]
    [InlineData("EXITWITHTIMEOUT|1|1|40")]
    [InlineData("EXITEMPTY|1|1|40")]
    [InlineData("EXITWITHKEY|5|1|1|40")]
    public void Every_unanswered_exit_ends_the_queued_call_without_agent(string exit)
    {
        Run(L(0, "c1|sales|NONE|ENTERQUEUE||+31|1"), L(40, $"c1|sales|NONE|{exit}")).Brief()
            .Should().Equal("call.arrived 09:00:00 c1 caller=+31", "call.queued 09:00:00 c1 queue=sales", "call.ended 09:00:40 c1");
    }

    [Fact]
    public void A_caller_who_exits_and_enters_another_queue_becomes_a_second_call()
    {
        Run(
            L(0, "c1|sales|NONE|ENTERQUEUE||+31|1"),
            L(60, "c1|sales|NONE|EXITWITHTIMEOUT|1|1|60"),
            L(60, "c1|support|NONE|ENTERQUEUE||+31|1")).Brief()
            .Should().Equal(
                "call.arrived 09:00:00 c1 caller=+31",
                "call.queued 09:00:00 c1 queue=sales",
                "call.ended 09:01:00 c1",
                "call.arrived 09:01:00 c1-2 caller=+31",
                "call.queued 09:01:00 c1-2 queue=support");
    }

    [Theory]
    [InlineData("RINGNOANSWER|15000")]
    [InlineData("RINGCANCELED|3012")]
    [InlineData("AGENTDUMP|")]
    [InlineData("SYSCOMPAT|")]
    public void Ring_and_dump_events_are_understood_but_have_no_canonical_event(string kind)
    {
        var result = Run(L(0, $"c1|sales|PJSIP/1001|{kind}"));

        result.Events.Should().BeEmpty();
        result.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void QueueStart_and_ConfigReload_of_an_empty_system_produce_nothing()
    {
        var result = Run(L(0, "NONE|NONE|NONE|QUEUESTART|"), L(1, "NONE|NONE|NONE|CONFIGRELOAD|"));

        result.Events.Should().BeEmpty();
        result.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void QueueStart_ends_the_calls_a_restart_cut_off()
    {
        Run(
            L(0, "c1|sales|NONE|ENTERQUEUE||+31|1"),
            L(5, "c1|sales|PJSIP/1001|CONNECT|5|c2|2"),
            L(6, "c3|sales|NONE|ENTERQUEUE||+32|1"),
            L(90, "NONE|NONE|NONE|QUEUESTART|")).Brief()
            .Should().Equal(
                "call.arrived 09:00:00 c1 caller=+31",
                "call.queued 09:00:00 c1 queue=sales",
                "call.answered 09:00:05 c1 1001 queue=sales",
                "call.arrived 09:00:06 c3 caller=+32",
                "call.queued 09:00:06 c3 queue=sales",
                "call.ended 09:01:30 c1 1001",
                "wrap.ended 09:01:30 c1 1001",
                "call.ended 09:01:30 c3");
    }

    [Fact]
    public void AgentLogin_and_AgentLogoff_of_app_agent_pool_become_login_and_logout()
    {
        Run(L(0, "NONE|NONE|1001|AGENTLOGIN|PJSIP/1001-00000001"), L(600, "NONE|NONE|1001|AGENTLOGOFF|PJSIP/1001-00000001|600")).Brief()
            .Should().Equal("agent.login 09:00:00 1001 state=available", "agent.logout 09:10:00 1001");
    }

    [Fact]
    public void AgentCallbackLogin_of_Asterisk_1_4_uses_the_same_agent_as_Agent_channel()
    {
        Run(L(0, "NONE|NONE|Agent/1001|AGENTCALLBACKLOGIN|1001@from-internal"), L(60, "NONE|NONE|Agent/1001|AGENTCALLBACKLOGOFF|1001@from-internal|60|CommandLogoff")).Brief()
            .Should().Equal("agent.login 09:00:00 1001 state=available", "agent.logout 09:01:00 1001");
    }

    [Fact]
    public void AddMember_logs_in_at_the_first_queue_and_RemoveMember_logs_out_at_the_last()
    {
        Run(
            L(0, "MANAGER|sales|PJSIP/1001|ADDMEMBER|"),
            L(1, "MANAGER|support|PJSIP/1001|ADDMEMBER|"),
            L(60, "MANAGER|sales|PJSIP/1001|REMOVEMEMBER|"),
            L(61, "MANAGER|support|PJSIP/1001|REMOVEMEMBER|")).Brief()
            .Should().Equal("agent.login 09:00:00 1001 state=available", "agent.logout 09:01:01 1001");
    }

    [Fact]
    public void AddMember_paused_logs_in_not_ready()
    {
        Run(L(0, "MANAGER|sales|PJSIP/1001|ADDMEMBER|PAUSED")).Brief()
            .Should().Equal("agent.login 09:00:00 1001 state=not_ready");
    }

    [Fact]
    public void Pause_in_every_queue_of_the_agent_is_not_ready_with_the_reason()
    {
        Run(
            L(0, "MANAGER|sales|PJSIP/1001|ADDMEMBER|"),
            L(0, "MANAGER|support|PJSIP/1001|ADDMEMBER|"),
            L(10, "NONE|sales|PJSIP/1001|PAUSE|Training"),
            L(11, "NONE|support|PJSIP/1001|PAUSE|Training"),
            L(70, "NONE|sales|PJSIP/1001|UNPAUSE|")).Brief()
            .Should().Equal(
                "agent.login 09:00:00 1001 state=available",
                "agent.state 09:00:11 1001 state=not_ready reason=training",
                "agent.state 09:01:10 1001 state=available");
    }

    [Fact]
    public void PauseAll_and_UnpauseAll_with_their_per_queue_lines_change_state_once_each()
    {
        Run(
            L(0, "MANAGER|sales|PJSIP/1001|ADDMEMBER|"),
            L(10, "NONE|NONE|PJSIP/1001|PAUSEALL|Lunch"),
            L(10, "NONE|sales|PJSIP/1001|PAUSE|Lunch"),
            L(70, "NONE|NONE|PJSIP/1001|UNPAUSEALL|"),
            L(70, "NONE|sales|PJSIP/1001|UNPAUSE|")).Brief()
            .Should().Equal(
                "agent.login 09:00:00 1001 state=available",
                "agent.state 09:00:10 1001 state=not_ready reason=lunch",
                "agent.state 09:01:10 1001 state=available");
    }

    [Fact]
    public void Pause_of_Asterisk_1_6_without_reason_is_not_ready_without_reason()
    {
        Run(L(0, "MANAGER|sales|PJSIP/1001|ADDMEMBER|"), L(10, "NONE|sales|PJSIP/1001|PAUSE")).Brief()
            .Should().Equal("agent.login 09:00:00 1001 state=available", "agent.state 09:00:10 1001 state=not_ready");
    }

    [Fact]
    public void A_pause_during_wrapuptime_cancels_the_scheduled_wrap_end_because_agent_state_ends_wrap()
    {
        Run(
            o => o.DefaultWrapUp = TimeSpan.FromSeconds(60),
            L(0, "MANAGER|sales|PJSIP/1001|ADDMEMBER|"),
            L(10, "c1|sales|PJSIP/1001|CONNECT|0|c2|2"),
            L(20, "c1|sales|PJSIP/1001|COMPLETEAGENT|0|10|1"),
            L(30, "NONE|sales|PJSIP/1001|PAUSE|Break")).Brief()
            .Should().Equal(
                "agent.login 09:00:00 1001 state=available",
                "call.answered 09:00:10 c1 1001 queue=sales",
                "call.ended 09:00:20 c1 1001",
                "agent.state 09:00:30 1001 state=not_ready reason=break");
    }

    [Fact]
    public void A_new_answer_during_wrapuptime_cancels_the_later_wrap_end()
    {
        Run(
            o => o.DefaultWrapUp = TimeSpan.FromSeconds(60),
            L(10, "c1|sales|PJSIP/1001|CONNECT|0|x|2"),
            L(20, "c1|sales|PJSIP/1001|COMPLETEAGENT|0|10|1"),
            L(30, "c3|support|PJSIP/1001|CONNECT|0|x|2")).Brief()
            .Should().Equal(
                "call.answered 09:00:10 c1 1001 queue=sales",
                "call.ended 09:00:20 c1 1001",
                "call.answered 09:00:30 c3 1001 queue=support");
    }

    [Theory]
    [InlineData("SIP/1001", "1001")]
    [InlineData("PJSIP/1001", "1001")]
    [InlineData("IAX2/1001", "1001")]
    [InlineData("Local/1001@from-queue/n", "1001")]
    [InlineData("Agent/1001", "1001")]
    [InlineData("Alice Smith", "Alice Smith")]
    public void Agent_names_lose_technology_and_context(string written, string agent)
    {
        Run(L(0, $"c1|sales|{written}|CONNECT|0|x|1")).Brief().Should().Equal($"call.answered 09:00:00 c1 {agent} queue=sales");
    }

    [Fact]
    public void Agent_aliases_map_member_names_and_as_written_keeps_the_interface()
    {
        Run(o => o.AsteriskAgentAliases["Alice Smith"] = "1001", L(0, "c1|sales|Alice Smith|CONNECT|0|x|1")).Brief()
            .Should().Equal("call.answered 09:00:00 c1 1001 queue=sales");
        Run(o => o.AsteriskAgentNaming = AsteriskAgentNaming.AsWritten, L(0, "c1|sales|PJSIP/1001|CONNECT|0|x|1")).Brief()
            .Should().Equal("call.answered 09:00:00 c1 PJSIP/1001 queue=sales");
    }

    [Fact]
    public void Lines_slightly_out_of_order_come_out_sorted()
    {
        Run(
            L(0, "c1|sales|NONE|ENTERQUEUE||+31|1"),
            L(9, "c1|sales|PJSIP/1001|CONNECT|9|x|1"),
            L(7, "c2|sales|NONE|ENTERQUEUE||+32|1")).Brief()
            .Should().Equal(
                "call.arrived 09:00:00 c1 caller=+31",
                "call.queued 09:00:00 c1 queue=sales",
                "call.arrived 09:00:07 c2 caller=+32",
                "call.queued 09:00:07 c2 queue=sales",
                "call.answered 09:00:09 c1 1001 queue=sales");
    }

    [Fact]
    public void A_line_older_than_the_reorder_window_is_rejected_not_misplaced()
    {
        var result = Run(
            L(0, "c1|sales|NONE|ENTERQUEUE||+31|1"),
            L(60, "c2|sales|NONE|ENTERQUEUE||+32|1"),
            L(30, "c1|sales|NONE|ABANDON|1|1|30"));

        result.Rejected.Should().ContainSingle().Which.Reason.Should().Contain("out of order");
        result.Rejected[0].Line.Should().Be(3);
    }

    [Theory]
    [InlineData("1795338000|c1|sales|NONE", "at least 5 fields")]
    [InlineData("yesterday|c1|sales|NONE|ENTERQUEUE||", "epoch")]
    [InlineData("1795338000|c1|sales|NONE|JOINEMPTY|1|1|0", "unknown queue_log event 'JOINEMPTY'")]
    [InlineData("1795338000|NONE|sales|NONE|ENTERQUEUE||+31|1", "uniqueid")]
    [InlineData("1795338000|c1|NONE|NONE|ENTERQUEUE||+31|1", "queue name")]
    [InlineData("1795338000|c1|sales|NONE|CONNECT|5|x|1", "agent")]
    [InlineData("1795338000|NONE|NONE|PJSIP/1001|PAUSE|Lunch", "queue name")]
    public void Lines_that_cannot_be_translated_are_rejected_with_a_reason(string line, string reason)
    {
        var result = Run(line);

        result.Events.Should().BeEmpty();
        result.Rejected.Should().ContainSingle().Which.Reason.Should().Contain(reason);
    }

    [Theory]
    [InlineData("1795338000|c1|sales|PJSIP/1001|CONNECT|soon|x|1", "CONNECT parameter 1 'soon' is not a number")]
    [InlineData("1795338000|c1|sales|PJSIP/1001|COMPLETECALLER|5|long|1", "parameter 2")]
    [InlineData("1795338000|c1|sales|NONE|ABANDON|1|1|forever", "parameter 3")]
    [InlineData("1795338000|c1|sales|PJSIP/1001|ATTENDEDTRANSFER|THREEWAY|x|5|90|1", "BRIDGE|bridge, APP|app or LINK")]
    [InlineData("1795338000|c1|sales|PJSIP/1001|ATTENDEDTRANSFER|APP|VoiceMail|5|ninety|1", "is not a number")]
    public void Documented_numeric_parameters_that_are_not_numbers_are_rejected(string line, string reason)
    {
        Run(line).Rejected.Should().ContainSingle().Which.Reason.Should().Contain(reason);
    }

    [Fact]
    public void The_example_line_of_Asterisks_Queue_Logs_page_is_understood()
    {
        // docs.asterisk.org, "Queue Logs": "1366720340|1366720340.303267|MYQUEUE|SIP/8007|RINGNOANSWER|1000".
        var result = Run("1366720340|1366720340.303267|MYQUEUE|SIP/8007|RINGNOANSWER|1000");

        result.Rejected.Should().BeEmpty();
        result.Events.Should().BeEmpty();
    }

    [Fact]
    public void A_call_idle_longer_than_the_retention_is_forgotten_and_starts_over_with_the_same_id()
    {
        var hours = (long)AsteriskQueueLogTranslator.CallRetention.TotalSeconds;
        Run(
            L(0, "c1|sales|NONE|ENTERQUEUE||+31|1"),
            L(10, "c1|sales|NONE|ABANDON|1|1|10"),
            L(hours + 3600, "c2|sales|NONE|ENTERQUEUE||+32|1"),
            L(hours + 3601, "c1|sales|NONE|ENTERQUEUE||+31|1")).Brief()
            .Should().Equal(
                "call.arrived 09:00:00 c1 caller=+31",
                "call.queued 09:00:00 c1 queue=sales",
                "call.ended 09:00:10 c1",
                "call.arrived 16:00:00 c2 caller=+32",
                "call.queued 16:00:00 c2 queue=sales",
                "call.arrived 16:00:01 c1 caller=+31",
                "call.queued 16:00:01 c1 queue=sales");
    }

    [Fact]
    public void Hold_surveys_csat_and_outcomes_are_unavailable()
    {
        Translation.Create(AsteriskQueueLogTranslator.FormatName).UnavailableFields.Should().BeEquivalentTo(
            "hold_s", "surveys", "csat", "dispositioned", "escalated", "sales", "complaints", "resolution_rate", "escalation_rate",
            "sales_conversion", "complaint_rate");
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("Anonymous")]
    [InlineData("")]
    public void A_withheld_caller_id_is_no_caller_so_withheld_callers_are_not_one_customer(string callerId)
    {
        var result = Run(L(5, $"1795337990.7|sales|NONE|ENTERQUEUE||{callerId}|1"), L(9, "1795337990.9|sales|NONE|ENTERQUEUE||anonymous|2"));

        result.Brief().Should().Equal(
            "call.arrived 09:00:05 1795337990.7",
            "call.queued 09:00:05 1795337990.7 queue=sales",
            "call.arrived 09:00:09 1795337990.9",
            "call.queued 09:00:09 1795337990.9 queue=sales");
    }
}
