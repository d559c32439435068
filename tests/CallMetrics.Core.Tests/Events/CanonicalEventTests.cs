using System.Runtime.CompilerServices;
using CallMetrics.Core.Events;

namespace CallMetrics.Core.Tests.Events;

/// <summary>The event struct stays small and its shared name slots read as the type says.</summary>
public sealed class CanonicalEventTests
{
    [Fact]
    public void The_event_takes_56_bytes_48_as_before_it_kept_caller_and_disposition_and_8_for_the_callers_key()
    {
        Unsafe.SizeOf<CanonicalEvent>().Should().BeLessThanOrEqualTo(56);
    }

    [Fact]
    public void Each_name_reads_0_on_a_type_that_does_not_carry_it()
    {
        var arrived = new CanonicalEvent { Type = EventType.CallArrived, CallType = 5, Caller = 6 };

        (arrived.CallType, arrived.Caller).Should().Be((5, 6));
        (arrived.Queue, arrived.Team, arrived.Disposition, arrived.Reason).Should().Be((0, 0, 0, 0));
    }

    [Theory]
    [InlineData(EventType.CallQueued)]
    [InlineData(EventType.CallAnswered)]
    [InlineData(EventType.CallTransferred)]
    public void The_queue_is_read_on_the_types_that_name_one(EventType type)
    {
        new CanonicalEvent { Type = type, Queue = 3 }.Queue.Should().Be(3);
    }

    [Fact]
    public void Login_carries_team_and_reason_state_carries_reason_wrap_ended_carries_disposition()
    {
        var login = new CanonicalEvent { Type = EventType.AgentLogin, Team = 1, Reason = 2 };
        var state = new CanonicalEvent { Type = EventType.AgentState, Reason = 2 };
        var wrap = new CanonicalEvent { Type = EventType.WrapEnded, Disposition = 4 };

        (login.Team, login.Reason, state.Reason, state.Team, wrap.Disposition, wrap.Queue).Should().Be((1, 2, 2, 0, 4, 0));
    }

    [Fact]
    public void Setting_0_for_a_name_the_type_does_not_carry_leaves_the_name_it_carries()
    {
        var queued = new CanonicalEvent { Type = EventType.CallQueued, Queue = 7, Team = 0, CallType = 0, Disposition = 0, Reason = 0, Caller = 0 };

        queued.Queue.Should().Be(7);
    }

    [Fact]
    public void A_name_set_before_the_type_is_kept()
    {
        var login = new CanonicalEvent { Team = 9, Type = EventType.AgentLogin };

        login.Team.Should().Be(9);
    }
}
