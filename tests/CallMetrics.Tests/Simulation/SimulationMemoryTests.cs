using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

/// <summary>The generator streams: its internal state is bounded by the center's size, not by the simulated time.</summary>
public class SimulationMemoryTests
{
    [Fact]
    public void Pending_steps_and_waiting_calls_stay_bounded_over_two_days_with_500_agents()
    {
        var options = Some.Options(agents: 500, duration: TimeSpan.FromDays(2), configure: o => o.Start = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        var run = new CallCenterSimulator(options).CreateRun();
        var dayOneEndNs = (options.Start + TimeSpan.FromDays(1)).ToUnixTimeMilliseconds() * 1_000_000;
        int maxPendingDayOne = 0, maxPendingDayTwo = 0, maxWaiting = 0;
        long events = 0;

        foreach (var e in run.Events())
        {
            events++;
            if ((events & 63) != 0)
            {
                continue;
            }

            if (e.TimestampNanoseconds < dayOneEndNs)
            {
                maxPendingDayOne = Math.Max(maxPendingDayOne, run.PendingStepCount);
            }
            else
            {
                maxPendingDayTwo = Math.Max(maxPendingDayTwo, run.PendingStepCount);
            }

            maxWaiting = Math.Max(maxWaiting, run.WaitingCallCount);
        }

        events.Should().BeGreaterThan(300_000);
        // Each agent has a few steps pending (shift, break, call end, wrap end); calls in progress and surveys add some.
        maxPendingDayOne.Should().BeLessThan(options.Agents * 6);
        maxPendingDayTwo.Should().BeLessThan((int)(maxPendingDayOne * 1.3), "the second day holds no more than the first");
        maxWaiting.Should().BeLessThan(options.Agents);
    }

    [Fact]
    public void Callers_who_will_call_again_stay_bounded_by_the_longest_repeat_delay_not_the_duration()
    {
        // RepeatDelayMax is 5 days: from day 5 on, callbacks are made as fast as they are decided, so days 5-9 and
        // 9-14 hold as many callers who will call again.
        var options = Some.Options(agents: 30, duration: TimeSpan.FromDays(14), configure: o => o.Start = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        var run = new CallCenterSimulator(options).CreateRun();
        long Day(int day) => (options.Start + TimeSpan.FromDays(day)).ToUnixTimeMilliseconds() * 1_000_000;
        int maxDaysFiveToNine = 0, maxDaysNineToFourteen = 0;
        long calls = 0;

        foreach (var e in run.Events())
        {
            calls += e.Json.AsSpan().IndexOf("call.arrived"u8) >= 0 ? 1 : 0;
            if (e.TimestampNanoseconds >= Day(5) && e.TimestampNanoseconds < Day(9))
            {
                maxDaysFiveToNine = Math.Max(maxDaysFiveToNine, run.PendingCallbackCount);
            }
            else if (e.TimestampNanoseconds >= Day(9))
            {
                maxDaysNineToFourteen = Math.Max(maxDaysNineToFourteen, run.PendingCallbackCount);
            }
        }

        maxDaysFiveToNine.Should().BeGreaterThan(200).And.BeLessThan((int)(calls * 5 / 14), "at most the calls of the last 5 days");
        maxDaysNineToFourteen.Should().BeLessThan((int)(maxDaysFiveToNine * 1.25), "the second half holds no more callers than the first");
    }
}
