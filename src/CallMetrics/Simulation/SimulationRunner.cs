using System.Globalization;

namespace CallMetrics.Simulation;

/// <summary>
/// Moves events from a source to an <see cref="ISimulatedEventSink"/>, optionally paced at a multiple of
/// real time, and reports progress. Wall time comes only from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class SimulationRunner
{
    private const int CheckEvery = 4096;
    private readonly TimeProvider _timeProvider;
    private readonly double _speed;
    private readonly TextWriter? _progress;
    private readonly TimeSpan _progressInterval;

    /// <summary>Creates a runner.</summary>
    /// <param name="timeProvider">Wall clock for pacing, progress and rates.</param>
    /// <param name="speed">Simulated seconds per wall-clock second; 0 runs as fast as possible.</param>
    /// <param name="progress">Where progress lines go (standard error), or null for none.</param>
    /// <param name="progressInterval">Least wall time between two progress lines.</param>
    public SimulationRunner(TimeProvider timeProvider, double speed, TextWriter? progress, TimeSpan progressInterval)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(speed);
        if (double.IsNaN(speed) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed));
        }

        _timeProvider = timeProvider;
        _speed = speed;
        _progress = progress;
        _progressInterval = progressInterval;
    }

    /// <summary>Writes every event to the sink, flushes it, and returns how many were written.</summary>
    /// <exception cref="OperationCanceledException">Cancelled; what was written so far has been flushed.</exception>
    public async Task<long> RunAsync(IEnumerable<SimulatedEvent> events, ISimulatedEventSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(sink);
        var started = _timeProvider.GetTimestamp();
        var lastReport = started;
        long count = 0;
        long firstNs = long.MinValue;
        long lastNs = 0;
        long pacedNs = long.MinValue;
        try
        {
            foreach (var simulatedEvent in events)
            {
                if (firstNs == long.MinValue)
                {
                    firstNs = simulatedEvent.TimestampNanoseconds;
                }

                if (_speed > 0 && simulatedEvent.TimestampNanoseconds != pacedNs)
                {
                    // Pacing: the event is due when (its time - first time) / speed of wall time has passed.
                    pacedNs = simulatedEvent.TimestampNanoseconds;
                    var due = TimeSpan.FromTicks((long)((pacedNs - firstNs) / 100 / _speed));
                    var wait = due - _timeProvider.GetElapsedTime(started);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
                        await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                        lastReport = ReportIfDue(count, lastNs, started, lastReport);
                    }
                }

                sink.Write(simulatedEvent);
                count++;
                lastNs = simulatedEvent.TimestampNanoseconds;
                if (count % CheckEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    lastReport = ReportIfDue(count, lastNs, started, lastReport);
                }
            }
        }
        finally
        {
            await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Report(count, lastNs, started, final: true);
        return count;
    }

    private long ReportIfDue(long count, long lastNs, long started, long lastReport)
    {
        if (_progress is null || _timeProvider.GetElapsedTime(lastReport) < _progressInterval)
        {
            return lastReport;
        }

        Report(count, lastNs, started, final: false);
        return _timeProvider.GetTimestamp();
    }

    private void Report(long count, long lastNs, long started, bool final)
    {
        if (_progress is null)
        {
            return;
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        var rate = elapsed > TimeSpan.Zero ? count / elapsed.TotalSeconds : 0;
        var simulated = count == 0 ? "-" : Inputs.CanonicalEventWriter.FormatTimestamp(lastNs / 1_000_000);
        _progress.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"simulate: {(final ? "done, " : string.Empty)}{count} events, simulated time {simulated}, {rate:F0} events/s, {elapsed.TotalSeconds:F1} s"));
    }
}
