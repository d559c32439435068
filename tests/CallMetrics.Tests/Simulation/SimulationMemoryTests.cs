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
}
