using Microsoft.Extensions.Time.Testing;

namespace CallMetrics.Tests.Simulation;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that never makes code wait: creating a timer moves the clock forward by the
/// timer's due time, which fires it. So paced runs finish at once and report how long they would have taken.
/// </summary>
internal sealed class SelfAdvancingTimeProvider : FakeTimeProvider
{
    private int _waits;

    /// <summary>How many timers (waits) were created.</summary>
    public int Waits => Volatile.Read(ref _waits);

    /// <summary>How far the clock moved since it was created.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _waits);
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero)
        {
            Advance(dueTime);
        }

        return timer;
    }
}
