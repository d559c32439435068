using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Ordering;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Processing;

/// <summary>
/// Decides whether an offered event is taken (METRICS.md "Lateness, duplicates, end of input" and "Precise rules"), in
/// this order: the wall-clock guards (with a clock: not more than the max future skew ahead of it, not more than the
/// max event age behind it; without one, optionally not too far ahead of event time), then not late (before its
/// source's watermark), then not a duplicate of an id accepted in the dedupe horizon. Remembers the ids it accepted
/// and the largest event time.
/// </summary>
internal sealed class Admission
{
    private readonly long _maxFutureSkewNs;
    private readonly long _maxEventAgeNs;
    private readonly TimeSpan? _maxFutureSkew;
    private readonly TimeSpan? _maxEventAge;
    private readonly TimeProvider? _clock;
    private readonly EngineCounters _counters;

    // What the last rejection was measured against, for its dead-letter reason.
    private long _lastLateBefore = long.MinValue;
    private long _lastClock = long.MinValue;

    /// <summary>Creates the admission for <paramref name="options"/>, counting into <paramref name="counters"/>.</summary>
    public Admission(MetricsOptions options, TimeProvider? clock, EngineCounters counters)
    {
        _maxFutureSkew = options.MaxFutureSkew;
        _maxFutureSkewNs = options.MaxFutureSkew is { } skew ? TimeMath.Nanos(skew) : long.MaxValue;
        _maxEventAge = clock is null ? null : options.MaxEventAge;
        _maxEventAgeNs = _maxEventAge is { } age ? TimeMath.Nanos(age) : long.MaxValue;
        _clock = clock;
        _counters = counters;
        Dedupe = new DedupeSet(TimeMath.Nanos(options.DedupeHorizon));
    }

    /// <summary>The ids accepted.</summary>
    public DedupeSet Dedupe { get; }

    /// <summary>Largest accepted event time; <see cref="long.MinValue"/> before the first.</summary>
    public long MaxTimestamp { get; set; } = long.MinValue;

    /// <summary>True when events are measured against a wall clock (the service): <see cref="Now"/> is worth reading.</summary>
    public bool HasClock => _clock is not null && (_maxFutureSkewNs != long.MaxValue || _maxEventAgeNs != long.MaxValue);

    /// <summary>
    /// Without a clock, the latest event time accepted now: the max future skew past the latest event time accepted.
    /// <see cref="long.MaxValue"/> without that limit, before the first event, or with a clock (the clock's guard
    /// replaces it).
    /// </summary>
    public long FutureLimit =>
        _clock is not null || _maxFutureSkewNs == long.MaxValue || MaxTimestamp == long.MinValue
            ? long.MaxValue
            : TimeMath.SaturatingAdd(MaxTimestamp, _maxFutureSkewNs);

    /// <summary>The wall clock in Unix nanoseconds, read once per batch; <see cref="long.MinValue"/> without guards.</summary>
    public long Now() => HasClock ? (_clock!.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100 : long.MinValue;

    /// <summary>
    /// Takes <paramref name="e"/> (its id remembered, its time counted) or says why not; counts either way.
    /// <paramref name="lateBefore"/> is the watermark of the event's source; <paramref name="now"/> the clock
    /// (<see cref="Now"/>).
    /// </summary>
    public AcceptResult Admit(in CanonicalEvent e, long lateBefore, long now)
    {
        var t = e.Timestamp;

        // METRICS "Wall-clock guards": before anything else, so such an event moves no watermark and no dedupe memory.
        if (now != long.MinValue)
        {
            if (t > TimeMath.SaturatingAdd(now, _maxFutureSkewNs))
            {
                return Reject(AcceptResult.Future, lateBefore, now);
            }

            if (t < TimeMath.SaturatingSubtract(now, _maxEventAgeNs))
            {
                return Reject(AcceptResult.TooOld, lateBefore, now);
            }
        }
        else if (t > FutureLimit)
        {
            // Replay's opt-in (docs/DECISIONS.md "Clock skew"): a file from a producer with a wrong clock.
            return Reject(AcceptResult.TooFarAhead, lateBefore, now);
        }

        // METRICS: a ts exactly at the watermark is not late; an event older than it is late whether or not its id
        // was seen before.
        if (t < lateBefore)
        {
            return Reject(AcceptResult.Late, lateBefore, now);
        }

        // METRICS: among events that are not late, an id accepted within the horizon is a duplicate.
        if (Dedupe.IsDuplicate(e.Id, lateBefore))
        {
            _counters.Duplicates++;
            return AcceptResult.Duplicate;
        }

        _counters.Accepted++;
        Dedupe.Add(e.Id, t);
        MaxTimestamp = Math.Max(MaxTimestamp, t);
        return AcceptResult.Accepted;
    }

    /// <summary>A hint, no effect on results: prefetches the dedupe slot <see cref="Admit"/> will read first for <paramref name="e"/>.</summary>
    public void Prefetch(in CanonicalEvent e) => Dedupe.Touch(e.Id);

    /// <summary>The engine's watermark moved: ids accepted more than the horizon before it are forgotten.</summary>
    public void OnWatermark(long watermark) => Dedupe.OnWatermark(watermark);

    /// <summary>
    /// The reason for the last rejection, of an event at <paramref name="timestamp"/>, for a dead letter:
    /// <c>late: ...</c>, <c>future: ...</c>, <c>too_old: ...</c> or <c>too_far_ahead: ...</c>.
    /// </summary>
    public string DescribeRejection(AcceptResult result, long timestamp)
    {
        var ts = Rfc3339.Format(timestamp);
        return result switch
        {
            AcceptResult.Late => $"{RejectReason.Late.Code()}: ts {ts} is before the watermark {Rfc3339.Format(_lastLateBefore)}",
            AcceptResult.Future =>
                $"{RejectReason.Future.Code()}: ts {ts} is more than {Describe(_maxFutureSkew)} ahead of the clock ({Rfc3339.Format(_lastClock)}); check the producer's clock",
            AcceptResult.TooOld =>
                $"{RejectReason.TooOld.Code()}: ts {ts} is more than {Describe(_maxEventAge)} behind the clock ({Rfc3339.Format(_lastClock)}); check the producer's clock",
            AcceptResult.TooFarAhead =>
                $"{RejectReason.TooFarAhead.Code()}: ts {ts} is after {Rfc3339.Format(FutureLimit)}, more than the max future skew ({Describe(_maxFutureSkew)}) ahead of event time",
            _ => result.ToString(),
        };
    }

    private static string Describe(TimeSpan? span) => span is { } s ? DurationText.Format(s) : "none";

    private AcceptResult Reject(AcceptResult result, long lateBefore, long now)
    {
        switch (result)
        {
            case AcceptResult.Late: _counters.Late++; break;
            case AcceptResult.Future: _counters.Future++; break;
            case AcceptResult.TooOld: _counters.TooOld++; break;
            default: _counters.TooFarAhead++; break;
        }

        _lastLateBefore = lateBefore;
        _lastClock = now;
        return result;
    }
}
