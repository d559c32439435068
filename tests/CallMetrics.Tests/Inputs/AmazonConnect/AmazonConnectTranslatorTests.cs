using CallMetrics.Inputs;
using CallMetrics.Inputs.AmazonConnect;

namespace CallMetrics.Tests.Inputs.AmazonConnect;

/// <summary>One snapshot transition per test, with the exact canonical events it becomes (docs/INPUTS.md, Amazon Connect table).</summary>
public class AmazonConnectTranslatorTests
{
    private static Translation.Result Run(params string[] records) => Run(null, records);

    private static Translation.Result Run(Action<TranslatorOptions>? configure, params string[] records) =>
        Translation.Run(Translation.Create(AmazonConnectTranslator.FormatName, configure), records);

    private static ConnectAgent LoggedIn(out string login)
    {
        var alice = new ConnectAgent("alice").Status("Available", "ROUTABLE", "09:00:00");
        login = alice.Record("LOGIN", "09:00:00");
        return alice;
    }

    [Fact]
    public void Login_in_a_routable_status_becomes_login_with_team_and_exact_json()
    {
        var result = Run(LoggedIn(out var login) is not null ? login : login);

        result.Events.Should().Equal(
            """{"event_id":"ac-alice-0001-0","type":"agent.login","ts":"2026-11-22T09:00:00.000Z","tenant":"default","agent_id":"alice","team":"blue","state":"available"}""");
    }

    [Fact]
    public void Login_while_offline_waits_for_the_first_non_offline_status()
    {
        var bob = new ConnectAgent("bob", "green");
        Run(bob.Record("LOGIN", "09:00:00"), bob.Status("Available", "ROUTABLE", "09:00:10").Record("STATE_CHANGE", "09:00:10")).Brief()
            .Should().Equal("agent.login 09:00:10 bob team=green state=available");
    }

    [Fact]
    public void Custom_status_is_not_ready_with_its_name_as_reason_and_routable_is_available()
    {
        var alice = LoggedIn(out var login);
        Run(login,
            alice.Status("Break", "CUSTOM", "09:05:00").Record("STATE_CHANGE", "09:05:00"),
            alice.Status("Available", "ROUTABLE", "09:20:00").Record("STATE_CHANGE", "09:20:00")).Brief()
            .Should().Equal(
                "agent.login 09:00:00 alice team=blue state=available",
                "agent.state 09:05:00 alice state=not_ready reason=break",
                "agent.state 09:20:00 alice state=available");
    }

    [Fact]
    public void Offline_status_and_Logout_become_logout()
    {
        var alice = LoggedIn(out var login);
        Run(login, alice.Status("Offline", "OFFLINE", "09:30:00").Record("STATE_CHANGE", "09:30:00"), alice.Record("LOGOUT", "09:31:00")).Brief()
            .Should().Equal("agent.login 09:00:00 alice team=blue state=available", "agent.logout 09:30:00 alice");
    }

    [Fact]
    public void Login_and_logout_are_at_the_status_StartTimestamp_not_the_later_EventTimestamp()
    {
        // Connect counts the agent online from when the status left Offline until it became Offline again; the record
        // announcing it is written later (here 1 s).
        var alice = new ConnectAgent("alice").Status("Available", "ROUTABLE", "09:00:00");
        Run(alice.Record("LOGIN", "09:00:01"), alice.Status("Offline", "OFFLINE", "09:30:00").Record("LOGOUT", "09:30:01")).Brief()
            .Should().Equal("agent.login 09:00:00 alice team=blue state=available", "agent.logout 09:30:00 alice");
    }

    [Fact]
    public void Login_while_offline_logs_in_when_the_next_status_started()
    {
        var bob = new ConnectAgent("bob", "green");
        Run(bob.Record("LOGIN", "09:00:00"), bob.Status("Available", "ROUTABLE", "09:00:10").Record("STATE_CHANGE", "09:00:11")).Brief()
            .Should().Equal("agent.login 09:00:10 bob team=green state=available");
    }

    [Fact]
    public void A_status_started_longer_than_the_hold_back_before_the_login_is_carried_over_and_the_login_is_at_the_record()
    {
        var alice = new ConnectAgent("alice").Status("Available", "ROUTABLE", "08:00:00");
        Run(alice.Record("LOGIN", "09:00:00")).Brief()
            .Should().Equal("agent.login 09:00:00 alice team=blue state=available");
    }

    [Fact]
    public void A_logout_is_never_before_what_the_same_record_ends()
    {
        // The contact vanished from the snapshot: it ended by the time of the record, so the logout cannot be earlier.
        var alice = LoggedIn(out var login);
        Run(login,
            alice.Contact("c1", "CONNECTED", "09:01:00", queued: "09:00:50", connected: "09:01:00").Record("STATE_CHANGE", "09:01:00"),
            alice.Clear("c1").Status("Offline", "OFFLINE", "09:30:00").Record("LOGOUT", "09:30:05")).Brief()
            .Should().Equal(
                "agent.login 09:00:00 alice team=blue state=available",
                "call.queued 09:00:50 c1 queue=sales",
                "call.answered 09:01:00 c1 alice queue=sales",
                "call.ended 09:30:05 c1 alice",
                "wrap.ended 09:30:05 c1 alice",
                "agent.logout 09:30:05 alice");
    }

    [Fact]
    public void Connected_becomes_queued_at_QueueTimestamp_and_answered_at_ConnectedToAgentTimestamp()
    {
        var alice = LoggedIn(out var login);
        var result = Run(login,
            alice.Contact("c1", "CONNECTING", "09:01:10", queued: "09:01:00").Record("STATE_CHANGE", "09:01:10"),
            alice.Contact("c1", "CONNECTED", "09:01:15", connected: "09:01:15").Record("STATE_CHANGE", "09:01:15"));

        result.Events.Skip(1).Should().Equal(
            """{"event_id":"ac-alice-0003-0","type":"call.queued","ts":"2026-11-22T09:01:00.000Z","tenant":"default","call_id":"c1","queue":"sales"}""",
            """{"event_id":"ac-alice-0003-1","type":"call.answered","ts":"2026-11-22T09:01:15.000Z","tenant":"default","call_id":"c1","agent_id":"alice","queue":"sales"}""");
    }

    [Fact]
    public void Hold_and_retrieve_follow_CONNECTED_ONHOLD()
    {
        var alice = LoggedIn(out var login);
        Run(login,
            alice.Contact("c1", "CONNECTED", "09:01:15", queued: "09:01:00", connected: "09:01:15").Record("STATE_CHANGE", "09:01:15"),
            alice.Contact("c1", "CONNECTED_ONHOLD", "09:02:00").Record("STATE_CHANGE", "09:02:00"),
            alice.Contact("c1", "CONNECTED", "09:02:30").Record("STATE_CHANGE", "09:02:30")).Brief().Skip(3)
            .Should().Equal("call.held 09:02:00 c1 alice", "call.retrieved 09:02:30 c1 alice");
    }

    [Fact]
    public void Ended_starts_ACW_and_clearing_the_contact_ends_it()
    {
        var alice = LoggedIn(out var login);
        Run(login,
            alice.Contact("c1", "CONNECTED", "09:01:15", queued: "09:01:00", connected: "09:01:15").Record("STATE_CHANGE", "09:01:15"),
            alice.Contact("c1", "ENDED", "09:05:00").Record("STATE_CHANGE", "09:05:00"),
            alice.Clear("c1").Record("STATE_CHANGE", "09:05:40")).Brief().Skip(3)
            .Should().Equal("call.ended 09:05:00 c1 alice", "wrap.ended 09:05:40 c1 alice");
    }

    [Fact]
    public void A_status_change_during_ACW_is_passed_on_when_the_contact_is_cleared()
    {
        var alice = LoggedIn(out var login);
        Run(login,
            alice.Contact("c1", "CONNECTED", "09:01:15", queued: "09:01:00", connected: "09:01:15").Record("STATE_CHANGE", "09:01:15"),
            alice.Contact("c1", "ENDED", "09:05:00").Record("STATE_CHANGE", "09:05:00"),
            alice.Status("Lunch", "CUSTOM", "09:05:10").Record("STATE_CHANGE", "09:05:10"),
            alice.Clear("c1").Record("STATE_CHANGE", "09:05:40")).Brief().Skip(3)
            .Should().Equal("call.ended 09:05:00 c1 alice", "wrap.ended 09:05:40 c1 alice", "agent.state 09:05:40 alice state=not_ready reason=lunch");
    }

    [Fact]
    public void With_ContactClearedOrStatusChange_a_status_change_ends_ACW()
    {
        var alice = LoggedIn(out var login);
        Run(o => o.AmazonConnectAcwEnd = AmazonConnectAcwEnd.ContactClearedOrStatusChange, login,
            alice.Contact("c1", "CONNECTED", "09:01:15", queued: "09:01:00", connected: "09:01:15").Record("STATE_CHANGE", "09:01:15"),
            alice.Contact("c1", "ENDED", "09:05:00").Record("STATE_CHANGE", "09:05:00"),
            alice.Status("Lunch", "CUSTOM", "09:05:10").Record("STATE_CHANGE", "09:05:10"),
            alice.Clear("c1").Record("STATE_CHANGE", "09:05:40")).Brief().Skip(3)
            .Should().Equal("call.ended 09:05:00 c1 alice", "wrap.ended 09:05:10 c1 alice", "agent.state 09:05:10 alice state=not_ready reason=lunch");
    }

    [Theory]
    [InlineData("MISSED")]
    [InlineData("REJECTED")]
    [InlineData("ERROR")]
    public void An_offer_that_is_not_accepted_produces_nothing(string outcome)
    {
        var alice = LoggedIn(out var login);
        var result = Run(login,
            alice.Contact("c1", "CONNECTING", "09:01:10", queued: "09:01:00").Record("STATE_CHANGE", "09:01:10"),
            alice.Contact("c1", outcome, "09:01:30").Record("STATE_CHANGE", "09:01:30"),
            alice.Clear("c1").Record("STATE_CHANGE", "09:01:35"));

        result.Brief().Should().Equal("agent.login 09:00:00 alice team=blue state=available");
        result.Rejected.Should().BeEmpty();
    }

    [Fact]
    public void Outbound_contact_arrives_outbound_and_is_answered_without_queue()
    {
        var alice = LoggedIn(out var login);
        Run(login,
            alice.Contact("o1", "CONNECTING", "09:08:00", queue: "outbound", method: "OUTBOUND").Record("STATE_CHANGE", "09:08:00"),
            alice.Contact("o1", "CONNECTED", "09:08:10", connected: "09:08:10").Record("STATE_CHANGE", "09:08:10")).Brief().Skip(1)
            .Should().Equal("call.arrived 09:08:10 o1 direction=outbound", "call.answered 09:08:10 o1 alice");
    }

    [Fact]
    public void A_connected_contact_that_leaves_the_snapshot_without_ENDED_ends_with_no_ACW()
    {
        var alice = LoggedIn(out var login);
        Run(login,
            alice.Contact("c1", "CONNECTED", "09:01:15", queued: "09:01:00", connected: "09:01:15").Record("STATE_CHANGE", "09:01:15"),
            alice.Clear("c1").Record("STATE_CHANGE", "09:03:00")).Brief().Skip(3)
            .Should().Equal("call.ended 09:03:00 c1 alice", "wrap.ended 09:03:00 c1 alice");
    }

    [Fact]
    public void Chat_and_task_contacts_are_left_out()
    {
        var alice = LoggedIn(out var login);
        Run(login, alice.Contact("t1", "CONNECTED", "09:01:15", queued: "09:01:00", connected: "09:01:15", channel: "TASK").Record("STATE_CHANGE", "09:01:15")).Brief()
            .Should().Equal("agent.login 09:00:00 alice team=blue state=available");
    }

    [Fact]
    public void A_heart_beat_without_changes_produces_nothing()
    {
        var alice = LoggedIn(out var login);
        Run(login, alice.Record("HEART_BEAT", "09:02:00", withPrevious: false)).Brief()
            .Should().Equal("agent.login 09:00:00 alice team=blue state=available");
    }

    [Fact]
    public void Heart_beats_after_a_logout_do_not_log_the_agent_in_again_but_a_new_login_does()
    {
        var alice = LoggedIn(out var login);
        Run(login,
            alice.Record("LOGOUT", "09:30:00"),
            alice.Record("HEART_BEAT", "09:32:00", withPrevious: false),
            alice.Status("Available", "ROUTABLE", "10:00:00").Record("LOGIN", "10:00:00")).Brief()
            .Should().Equal(
                "agent.login 09:00:00 alice team=blue state=available",
                "agent.logout 09:30:00 alice",
                "agent.login 10:00:00 alice team=blue state=available");
    }

    [Fact]
    public void The_first_record_of_an_agent_already_working_logs_it_in_at_that_record()
    {
        var alice = new ConnectAgent("alice").Status("Available", "ROUTABLE", "08:30:00");
        Run(alice.Record("HEART_BEAT", "09:02:00", withPrevious: false)).Brief()
            .Should().Equal("agent.login 09:02:00 alice team=blue state=available");
    }

    [Fact]
    public void A_queue_wait_longer_than_the_hold_back_loses_its_visit_not_its_answer()
    {
        var alice = LoggedIn(out var login);
        var bob = new ConnectAgent("bob").Status("Available", "ROUTABLE", "09:00:00");
        Run(o => o.AmazonConnectHoldBack = TimeSpan.FromMinutes(1), login, bob.Record("LOGIN", "09:00:00"),
            bob.Record("HEART_BEAT", "09:05:00"),
            alice.Contact("c1", "CONNECTED", "09:05:30", queued: "09:01:00", connected: "09:05:30").Record("STATE_CHANGE", "09:05:30")).Brief()
            .Should().Equal(
                "agent.login 09:00:00 alice team=blue state=available",
                "agent.login 09:00:00 bob team=blue state=available",
                "call.answered 09:05:30 c1 alice");
    }

    [Fact]
    public void Team_level_picks_the_hierarchy_level()
    {
        var alice = new ConnectAgent("alice").Status("Available", "ROUTABLE", "09:00:00");
        Run(o => o.AmazonConnectTeamLevel = 1, alice.Record("LOGIN", "09:00:00")).Brief()
            .Should().Equal("agent.login 09:00:00 alice team=EMEA state=available");
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("""{"EventType":"STATE_CHANGE"}""", "EventTimestamp")]
    [InlineData("""{"EventType":"AGENT_RECONNECT","EventTimestamp":"2026-11-22T09:00:00Z"}""", "unknown EventType")]
    [InlineData("""{"EventType":"LOGIN","EventTimestamp":"2026-11-22T09:00:00"}""", "offset")]
    [InlineData("""{"EventType":"LOGIN","EventTimestamp":"2026-11-22T09:00:00Z"}""", "names no agent")]
    [InlineData("""{"EventType":"STATE_CHANGE","EventTimestamp":"2026-11-22T09:00:00Z","AgentARN":"arn:x/agent/a1","CurrentAgentSnapshot":{"Contacts":[{"ContactId":"c1","State":"WRAPPING"}]}}""", "unknown state 'WRAPPING'")]
    public void Records_that_cannot_be_translated_are_rejected_with_a_reason(string record, string reason)
    {
        var result = Run(record);

        result.Events.Should().BeEmpty();
        result.Rejected.Should().ContainSingle().Which.Reason.Should().Contain(reason);
    }

    [Fact]
    public void Queue_counts_transfers_surveys_outcomes_and_repeat_calls_are_unavailable()
    {
        Translation.Create(AmazonConnectTranslator.FormatName).UnavailableFields.Should().BeEquivalentTo(
            "offered", "abandoned", "short_abandoned", "abandon_rate", "service_level", "max_wait_s", "transfers", "surveys", "csat",
            "dispositioned", "resolved", "escalated", "sales", "complaints", "resolution_rate", "escalation_rate", "sales_conversion",
            "complaint_rate", "repeat_calls");
    }

    [Fact]
    public void An_inbound_contact_has_no_caller_and_no_call_type_as_the_agent_event_stream_carries_neither()
    {
        var alice = LoggedIn(out var login);

        var result = Run(login, alice.Contact("C1", "CONNECTED", "09:01:00", queued: "09:00:40", connected: "09:01:00").Record("STATE_CHANGE", "09:01:00"));

        result.Events.Should().NotContain(e => e.Contains("\"caller\"", StringComparison.Ordinal) || e.Contains("\"call_type\"", StringComparison.Ordinal));
        result.Brief().Should().Contain("call.queued 09:00:40 C1 queue=sales");
    }
}
