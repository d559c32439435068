using CallMetrics.Core.Sessions;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>
/// The session store: ended calls remembered for surveys in two generations and their ids released after;
/// legs rented and returned (an agent's own first, then the pool); agents removed with their team kept.
/// </summary>
public sealed class SessionStoreTests
{
    private const int Tenant = 1;
    private const long Minute = 60_000_000_000;
    private static readonly long Hour = 60 * Minute;

    private readonly List<int> _released = [];
    private readonly SessionStore _store;

    public SessionStoreTests() =>
        _store = new SessionStore(Hour, new SeriesTallies([WindowSpec.Intervals(TimeSpan.FromMinutes(15))]), _released.Add);

    [Fact]
    public void An_ended_call_is_remembered_for_one_to_two_retention_periods_then_its_id_is_released()
    {
        var agent = _store.GetOrCreateAgent(Tenant, 100, 0);
        End(200, at: 0, agent);
        End(201, at: Hour - 1, agent: null);
        End(202, at: Hour, agent: null); // the generations rotate: 200 and 201 are now the previous one
        var afterOne = (_store.LastAgentOf(Tenant, 200), _released.Count);

        End(203, at: 2 * Hour, agent: null); // and rotate again: the previous generation goes

        afterOne.Should().Be((agent, 0));
        _store.LastAgentOf(Tenant, 200).Should().BeNull();
        _released.Should().Equal(200, 201);
    }

    [Fact]
    public void A_call_id_in_the_system_again_is_not_released_with_its_old_generation()
    {
        End(200, at: 0, agent: null);
        _store.StartCall(Tenant, 200, 30 * Minute);
        End(201, at: Hour, agent: null);

        End(202, at: 2 * Hour, agent: null); // 200's generation goes, 200 is in the system again
        End(203, at: 3 * Hour, agent: null); // 201's goes

        _released.Should().Equal(201);
    }

    [Fact]
    public void The_last_agent_of_a_call_in_the_system_is_its_own_even_when_none_and_an_older_ended_one_had_one()
    {
        var agent = _store.GetOrCreateAgent(Tenant, 100, 0);
        End(200, at: 0, agent);
        _store.StartCall(Tenant, 200, Minute);

        _store.LastAgentOf(Tenant, 200).Should().BeNull();
    }

    [Fact]
    public void An_unknown_call_seen_mid_way_starts_detached_and_an_arriving_one_in_the_IVR()
    {
        _store.GetOrStartCall(Tenant, 200, 0).Phase.Should().Be(CallPhase.Detached);
        _store.StartCall(Tenant, 201, 0).Phase.Should().Be(CallPhase.Ivr);
        _store.GetOrStartCall(Tenant, 200, Minute).LastSeen.Should().Be(Minute);
        _store.Calls.Count.Should().Be(2);
    }

    [Fact]
    public void An_agent_rents_its_own_leg_first_and_a_second_concurrent_leg_from_the_pool()
    {
        var a = _store.GetOrCreateAgent(Tenant, 100, 0);
        var b = _store.GetOrCreateAgent(Tenant, 101, 0);
        var own = _store.RentLeg(a);
        own.Agent = a;
        var second = _store.RentLeg(a);
        second.Agent = a;
        var generation = second.Generation;

        _store.ReturnLeg(second, a);
        b.OwnLeg!.Agent = b;

        own.Should().BeSameAs(a.OwnLeg);
        second.Should().NotBeSameAs(own);
        _store.IsCurrent(second.Id, generation).Should().BeFalse("a returned leg's timers go stale");
        _store.RentLeg(b).Should().BeSameAs(second, "b's own leg is busy: the pooled leg comes next");
    }

    [Fact]
    public void A_returned_own_leg_stays_with_its_agent()
    {
        var a = _store.GetOrCreateAgent(Tenant, 100, 0);
        var b = _store.GetOrCreateAgent(Tenant, 101, 0);
        var own = _store.RentLeg(a);
        own.Agent = a;

        _store.ReturnLeg(own, a);
        own.Agent = null!;
        b.OwnLeg!.Agent = b;

        _store.RentLeg(b).Should().NotBeSameAs(own);
        _store.RentLeg(a).Should().BeSameAs(own);
    }

    [Fact]
    public void A_removed_agents_team_is_kept_for_its_next_session_and_its_own_leg_is_pooled()
    {
        var a = _store.GetOrCreateAgent(Tenant, 100, 0);
        a.Team = 7;
        var b = _store.GetOrCreateAgent(Tenant, 101, 0);
        b.OwnLeg!.Agent = b;

        _store.RemoveAgent(a);

        _store.Agents.Get(Tenant, 100).Should().BeNull();
        _store.GetOrCreateAgent(Tenant, 100, Hour).Team.Should().Be(7);
        _store.RentLeg(b).Should().BeSameAs(a.OwnLeg);
    }

    [Fact]
    public void A_new_agent_is_logged_out_since_it_was_first_seen()
    {
        var a = _store.GetOrCreateAgent(Tenant, 100, 5 * Minute);
        _store.GetOrCreateAgent(Tenant, 100, 9 * Minute);

        (a.Status, a.StatusStarted, a.LastSeen).Should().Be((AgentStatus.LoggedOut, 5 * Minute, 9 * Minute));
    }

    private void End(int call, long at, AgentSession? agent)
    {
        var session = _store.Calls.Get(Tenant, call) ?? _store.StartCall(Tenant, call, at);
        session.LastAgent = agent;
        _store.EndCall(session, at);
    }
}
