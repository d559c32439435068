namespace CallMetrics.Tests.Simulation;

/// <summary>
/// A wall clock for tests that never waits: a timer moves the clock forward by its due time and fires
/// at once (on the thread pool). So paced runs finish immediately and report how long they would have taken.
/// </summary>
internal sealed class AutoAdvancingTimeProvider : TimeProvider
{
    private long _ticks;

    public int Waits { get; private set; }

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <summary>Moves the clock without a timer, as if the work itself took this long.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Waits++;
        if (dueTime > TimeSpan.Zero)
        {
            Interlocked.Add(ref _ticks, dueTime.Ticks);
        }

        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
