using System.Diagnostics;

namespace CallMetrics.Benchmarks.Peers.KafkaStreams;

/// <summary>
/// How far the topology got, counted by its own processors: call events folded, counts emitted by the per-call
/// table and counts taken by the windowed aggregations. Against a broker it tells when every record has gone
/// through (all call events folded and every emitted count windowed), and when processing started and ended, so
/// the consumer group's join before the first record is not timed.
/// </summary>
internal sealed class TopologyProgress
{
    private long _folded;
    private long _emitted;
    private long _windowed;
    private long _firstFolded;
    private long _lastWindowed;
    private TimeSpan _cpuAtFirstFold;

    public long Folded => Interlocked.Read(ref _folded);

    public long Emitted => Interlocked.Read(ref _emitted);

    public long Windowed => Interlocked.Read(ref _windowed);

    /// <summary>The process's CPU time when the first call event was folded.</summary>
    public TimeSpan CpuAtFirstFold => _cpuAtFirstFold;

    /// <summary>Seconds from the first call event folded to the last count windowed.</summary>
    public double ProcessingSeconds => Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstFolded), Interlocked.Read(ref _lastWindowed)).TotalSeconds;

    public void OnFolded(int emitted)
    {
        if (Interlocked.Increment(ref _folded) == 1)
        {
            _cpuAtFirstFold = Process.GetCurrentProcess().TotalProcessorTime;
            Interlocked.Exchange(ref _firstFolded, Stopwatch.GetTimestamp());
        }

        Interlocked.Add(ref _emitted, emitted);
    }

    public void OnWindowed()
    {
        Interlocked.Increment(ref _windowed);
        Interlocked.Exchange(ref _lastWindowed, Stopwatch.GetTimestamp());
    }

    /// <summary>True once <paramref name="callEvents"/> were folded and everything they emitted was windowed.</summary>
    public bool IsDone(long callEvents) => Folded >= callEvents && Windowed >= Emitted;
}
