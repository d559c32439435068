using System.Runtime.CompilerServices;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Processing;

/// <summary>
/// Decides whether an offered event is taken: not a duplicate of an id accepted before, not late (before the
/// watermark), not too far ahead of event time (METRICS.md "Lateness, duplicates, end of input";
/// docs/DECISIONS.md "Clock skew"). Remembers the ids it accepted and the largest event time.
/// </summary>
internal sealed class Admission
{
    private readonly long _maxFutureSkewNs;
    private readonly TimeSpan? _maxFutureSkew;
    private readonly TimeProvider? _clock;
    private readonly EngineCounters _counters;

    /// <summary>Creates the admission for <paramref name="options"/>, counting into <paramref name="counters"/>.</summary>
    public Admission(MetricsOptions options, TimeProvider? clock, EngineCounters counters)
    {
        var latenessNs = TimeMath.Nanos(options.Lateness);
        _maxFutureSkew = options.MaxFutureSkew;
        _maxFutureSkewNs = options.MaxFutureSkew is { } skew ? TimeMath.Nanos(skew) : long.MaxValue;
        _clock = clock;
        _counters = counters;

        // METRICS: an id already accepted is a duplicate even if it is also late; remembered for the horizon,
        // never less than the lateness (before that, a copy could still be applied).
        Dedupe = new DedupeSet(Math.Max(TimeMath.Nanos(options.DedupeHorizon), latenessNs));
    }

    /// <summary>The ids accepted.</summary>
    public DedupeSet Dedupe { get; }

    /// <summary>Largest accepted event time; <see cref="long.MinValue"/> before the first.</summary>
    public long MaxTimestamp { get; set; } = long.MinValue;

    /// <summary>
    /// The latest event time accepted now: the max future skew past the latest event time accepted, or past
    /// the clock when that is later. <see cref="long.MaxValue"/> without a limit or before the first event.
    /// </summary>
    public long FutureLimit
    {
        get
        {
            if (_maxFutureSkewNs == long.MaxValue)
            {
                return long.MaxValue;
            }

            var reference = MaxTimestamp;
            if (_clock is not null && reference != long.MinValue)
            {
                // The clock only widens the limit: a host whose clock is behind the data (a test machine,
                // a replayed backlog) must not reject what event time alone would accept.
                reference = Math.Max(reference, (_clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100);
            }

            return reference == long.MinValue || reference > long.MaxValue - _maxFutureSkewNs ? long.MaxValue : reference + _maxFutureSkewNs;
        }
    }

    /// <summary>Before the first watermark, the earliest event time accepted: the max future skew before the latest event time.</summary>
    private long PastLimit =>
        _maxFutureSkewNs == long.MaxValue || MaxTimestamp == long.MinValue || MaxTimestamp < long.MinValue + _maxFutureSkewNs
            ? long.MinValue
            : MaxTimestamp - _maxFutureSkewNs;

    /// <summary>Takes <paramref name="e"/> (its id remembered, its time counted) or says why not; counts either way.</summary>
    public AcceptResult Admit(in CanonicalEvent e, long watermark)
    {
        // METRICS: an id already accepted is a duplicate even if it is also late.
        if (Dedupe.Contains(e.Id))
        {
            _counters.Duplicates++;
            return AcceptResult.Duplicate;
        }

        // METRICS: a ts exactly at the watermark is not late. Before there is a watermark (sources that
        // have not delivered yet hold it back), an event more than the max skew behind the latest time is
        // late all the same: accepted, it would be released first and drag the windows back to its time.
        if (e.Timestamp < watermark || (watermark == long.MinValue && e.Timestamp < PastLimit))
        {
            _counters.Late++;
            return AcceptResult.Late;
        }

        // One producer with a wrong clock must not move event time for all: past the limit the event is
        // rejected rather than let it make every later event late (docs/DECISIONS.md "Clock skew").
        if (e.Timestamp > FutureLimit)
        {
            _counters.TooFarAhead++;
            return AcceptResult.TooFarAhead;
        }

        _counters.Accepted++;
        Dedupe.Add(e.Id);
        MaxTimestamp = Math.Max(MaxTimestamp, e.Timestamp);
        return AcceptResult.Accepted;
    }

    /// <summary>A hint, no effect on results: prefetches the dedupe slot <see cref="Admit"/> will read first for <paramref name="e"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(in CanonicalEvent e) => Dedupe.Touch(e.Id);

    /// <summary>The watermark moved: ids remembered long enough are forgotten.</summary>
    public void OnWatermark(long watermark) => Dedupe.OnWatermark(watermark);

    /// <summary>
    /// The reason for a rejection of an event at <paramref name="timestamp"/> with the current
    /// <paramref name="watermark"/>, for a dead letter: <c>late: ...</c> or <c>too_far_ahead: ...</c>.
    /// </summary>
    public string DescribeRejection(AcceptResult result, long timestamp, long watermark)
    {
        var ts = Rfc3339.Format(timestamp);
        var skew = _maxFutureSkew is { } s ? DurationText.Format(s) : "none";
        return result switch
        {
            AcceptResult.Late when watermark == long.MinValue =>
                $"{RejectReason.Late.Code()}: ts {ts} is more than the max future skew ({skew}) behind the latest event time {Rfc3339.Format(MaxTimestamp)}",
            AcceptResult.Late => $"{RejectReason.Late.Code()}: ts {ts} is before the watermark {Rfc3339.Format(watermark)}",
            AcceptResult.TooFarAhead =>
                $"{RejectReason.TooFarAhead.Code()}: ts {ts} is after {Rfc3339.Format(FutureLimit)}, more than the max future skew ({skew}) ahead of event time",
            _ => result.ToString(),
        };
    }
}
