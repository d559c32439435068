using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The rules of idle sources (docs/DECISIONS.md "Kafka (the service)"), apart from any stream: a source that
/// delivered nothing for the idle timeout <b>and</b> has nothing more to read stops holding the watermark; when an idle
/// source delivers again, every idle source resumes holding it (they are likely to resume too, with events as old).
/// </summary>
/// <param name="idleTimeout">How long a source must be quiet.</param>
/// <param name="isCaughtUp">Whether a source has nothing more to read after the given next offset (asked of the broker).</param>
/// <param name="restoredOffsets">Next offsets of a restored checkpoint, for sources that deliver nothing after the restart.</param>
internal sealed class IdleSources(TimeSpan idleTimeout, Func<int, long?, bool> isCaughtUp, IReadOnlyDictionary<int, long>? restoredOffsets = null)
{
    private readonly Dictionary<int, long> _lastDelivery = [];
    private readonly Dictionary<int, long> _nextOffsets = restoredOffsets is null ? [] : new(restoredOffsets);
    private readonly HashSet<int> _idle = [];
    private readonly List<int> _idled = [];

    /// <summary>Records were handed on at <paramref name="now"/> (a timestamp); what must go before them is appended to <paramref name="before"/>.</summary>
    public void OnRecords(RecordBatch records, long now, List<StreamElement> before)
    {
        var last = -1;
        for (var i = 0; i < records.Count; i++)
        {
            var position = records.Position(i);
            _nextOffsets[position.Source] = position.Offset + 1;
            if (position.Source == last)
            {
                continue;
            }

            last = position.Source;
            _lastDelivery[last] = now;
            if (_idle.Count > 0 && _idle.Contains(last))
            {
                // A source resumes after a lull: the others idle since are likely to resume too, with events as old as
                // this one's. Until they deliver or idle out again they all hold the watermark, so none of it is late.
                foreach (var resumed in _idle)
                {
                    _lastDelivery[resumed] = now;
                    before.Add(new SourceChanged(resumed, SourceChange.Registered));
                }

                _idle.Clear();
            }
        }
    }

    /// <summary>A source was assigned or revoked at <paramref name="now"/>.</summary>
    public void OnChange(SourceChanged changed, long now)
    {
        switch (changed.Change)
        {
            case SourceChange.Registered:
                _lastDelivery[changed.Source] = now;
                _idle.Remove(changed.Source);
                break;
            case SourceChange.Removed:
                _lastDelivery.Remove(changed.Source);
                _idle.Remove(changed.Source);
                break;
            default:
                break;
        }
    }

    /// <summary>Sources idle as of <paramref name="elapsedSince"/> (wall time since a timestamp): their changes are appended to <paramref name="output"/>.</summary>
    public void Check(Func<long, TimeSpan> elapsedSince, List<StreamElement> output)
    {
        _idled.Clear();
        foreach (var (source, last) in _lastDelivery)
        {
            if (!_idle.Contains(source) && elapsedSince(last) >= idleTimeout
                && isCaughtUp(source, _nextOffsets.TryGetValue(source, out var next) ? next : null))
            {
                _idled.Add(source);
            }
        }

        foreach (var source in _idled)
        {
            _idle.Add(source);
            output.Add(new SourceChanged(source, SourceChange.Idle));
        }
    }
}
