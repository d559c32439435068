using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Output;
using CallMetrics.Core.Sessions;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Processing;

/// <summary>
/// The aggregation core: takes decoded events in arrival order, drops duplicates, rejects late events,
/// releases the rest in event-time order once the watermark passes them, sessionizes them and emits
/// windows. The result is that of the stably sorted input (METRICS.md "Lateness, duplicates, end of input").
/// Single-threaded by design: one engine per partition of the key space.
/// </summary>
public sealed class MetricsEngine
{
    private readonly long _latenessNs;
    private readonly DedupeSet _dedupe;
    private readonly ReorderBuffer _buffer = new();
    private readonly Sessionizer _sessionizer;
    private long _maxTimestamp = long.MinValue;
    private bool _completed;

    /// <summary>Creates an engine that hands windows to <paramref name="sink"/>.</summary>
    public MetricsEngine(MetricsOptions options, IWindowSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        _latenessNs = TimeMath.Nanos(options.Lateness);
        _dedupe = new DedupeSet(Math.Max(TimeMath.Nanos(options.Retention), _latenessNs));
        _sessionizer = new Sessionizer(options, sink);
    }

    /// <summary>The options.</summary>
    public MetricsOptions Options { get; }

    /// <summary>Largest accepted event time minus lateness; <see cref="long.MinValue"/> before the first event.</summary>
    public long Watermark => _maxTimestamp == long.MinValue ? long.MinValue : _maxTimestamp - _latenessNs;

    /// <summary>Largest accepted event time.</summary>
    public long MaxTimestamp => _maxTimestamp;

    /// <summary>What was accepted, ignored and rejected.</summary>
    public EngineCounters Counters { get; } = new();

    /// <summary>What the sessionizer noticed.</summary>
    public SessionCounters SessionCounters => _sessionizer.Counters;

    /// <summary>The window families produced.</summary>
    public IReadOnlyList<WindowSpec> Specs => _sessionizer.Specs;

    /// <summary>Events waiting for the watermark.</summary>
    public int Buffered => _buffer.Count;

    /// <summary>Agents known.</summary>
    public int AgentCount => _sessionizer.AgentCount;

    /// <summary>Calls in the system.</summary>
    public int OpenCallCount => _sessionizer.OpenCallCount;

    /// <summary>Offers one event; applies whatever the watermark releases.</summary>
    public AcceptResult Accept(in CanonicalEvent e)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The engine has completed; create a new one for more input.");
        }

        // METRICS: an id already accepted is a duplicate even if it is also late.
        if (_dedupe.Contains(e.Id))
        {
            Counters.Duplicates++;
            return AcceptResult.Duplicate;
        }

        // METRICS: a ts exactly at the watermark is not late.
        if (e.Timestamp < Watermark)
        {
            Counters.Late++;
            return AcceptResult.Late;
        }

        Counters.Accepted++;
        _dedupe.Add(e.Id);
        _buffer.Add(e);
        if (e.Timestamp > _maxTimestamp)
        {
            _maxTimestamp = e.Timestamp;
            var watermark = Watermark;
            _dedupe.OnWatermark(watermark);
            Release(watermark);

            // Every event still to come is at or after the watermark: windows ending by then are final.
            _sessionizer.AdvanceTo(watermark);
        }

        return AcceptResult.Accepted;
    }

    /// <summary>
    /// End of a finite input: applies everything buffered and emits the last windows, with open
    /// time counted up to the largest event time seen.
    /// </summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        Release(long.MaxValue);
        if (_maxTimestamp != long.MinValue)
        {
            _sessionizer.Finish(_maxTimestamp);
        }
    }

    private void Release(long limit)
    {
        // Any event still to come has a time at or after the watermark, so everything up to it can be applied.
        while (_buffer.TryTake(limit, out var e))
        {
            _sessionizer.Apply(e);
        }
    }
}
