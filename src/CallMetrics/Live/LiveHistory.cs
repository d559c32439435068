using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Output;
using CallMetrics.Core.Windows;

namespace CallMetrics.Live;

/// <summary>
/// The rolling figures of every queue and team at each step instant of the last span (1 h) of event
/// time, in memory: what <c>/api/v1/live/history</c> serves so the wallboard's sparklines are full at load.
/// Each live shard hands over its final rolling windows as its engine closes them (every step, even when a
/// backlog is read in seconds); readers take a copy. Bounded: at most span / step points per queue and team
/// (60 with the defaults), and a series with no point in the span is dropped.
/// </summary>
internal sealed class LiveHistory(TimeSpan span)
{
    private readonly long _spanNs = TimeMath.Nanos(span);
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Queue), Series<QueueFigures>> _queues = [];
    private readonly Dictionary<(string Tenant, string Team), Series<AgentFigures>> _teams = [];
    private long _latest = long.MinValue;
    private string? _rollingTag;
    private string? _stepTag;

    /// <summary>Keeps a final rolling window's queue and team figures (on a shard's task; names from its symbols).</summary>
    public void Add(WindowResult window, SymbolTable symbols)
    {
        if (window.Spec.Kind != WindowKind.Rolling || !window.IsFinal)
        {
            return;
        }

        var at = window.End;
        lock (_gate)
        {
            _rollingTag ??= window.Spec.Tag;
            _stepTag ??= WindowSpec.LengthTag(TimeSpan.FromTicks(window.Spec.StepNs / 100));
            if (at > _latest)
            {
                _latest = at;
                Trim();
            }
            else if (at <= _latest - _spanNs)
            {
                return; // older than what is kept (a shard far behind the others)
            }

            foreach (var line in window.Queues)
            {
                Of(_queues, (symbols[line.Tenant], symbols[line.Queue])).Put(at, LiveFigures.Of(line.Tally));
            }

            foreach (var line in window.Teams)
            {
                Of(_teams, (symbols[line.Tenant], symbols[line.Team])).Put(at, LiveFigures.Of(line.Tally));
            }
        }
    }

    /// <summary>The points kept, filtered like the live picture (tenant everything, queue the queues, team the teams).</summary>
    public LiveHistoryResponse Read(LiveFilter filter)
    {
        lock (_gate)
        {
            var has = _latest != long.MinValue;
            return new LiveHistoryResponse(
                _rollingTag,
                _stepTag,
                WindowSpec.LengthTag(span),
                has ? Rfc3339.Format(_latest - _spanNs) : null,
                has ? Rfc3339.Format(_latest) : null,
                [.. _queues.Where(kv => filter.Matches(kv.Key.Tenant, queue: kv.Key.Queue))
                    .OrderBy(kv => kv.Key.Tenant, StringComparer.Ordinal).ThenBy(kv => kv.Key.Queue, StringComparer.Ordinal)
                    .Select(kv => new QueueHistory(kv.Key.Tenant, kv.Key.Queue, [.. kv.Value.Points.Select(p => new QueuePoint(Rfc3339.Format(p.At), p.Figures))]))],
                [.. _teams.Where(kv => filter.Matches(kv.Key.Tenant, team: kv.Key.Team))
                    .OrderBy(kv => kv.Key.Tenant, StringComparer.Ordinal).ThenBy(kv => kv.Key.Team, StringComparer.Ordinal)
                    .Select(kv => new TeamHistory(kv.Key.Tenant, kv.Key.Team, [.. kv.Value.Points.Select(p => new TeamPoint(Rfc3339.Format(p.At), p.Figures))]))]);
        }
    }

    private static Series<T> Of<TKey, T>(Dictionary<TKey, Series<T>> all, TKey key)
        where TKey : notnull
    {
        if (!all.TryGetValue(key, out var series))
        {
            all[key] = series = new Series<T>();
        }

        return series;
    }

    private void Trim()
    {
        var from = _latest - _spanNs;
        TrimAll(_queues, from);
        TrimAll(_teams, from);
    }

    private static void TrimAll<TKey, T>(Dictionary<TKey, Series<T>> all, long from)
        where TKey : notnull
    {
        foreach (var (key, series) in all)
        {
            series.DropUntil(from);
            if (series.Points.Count == 0)
            {
                all.Remove(key); // allowed while enumerating a Dictionary since .NET Core 3.0
            }
        }
    }

    /// <summary>One series' points, oldest first (shards close their windows in order, so appends are the rule).</summary>
    private sealed class Series<T>
    {
        public List<(long At, T Figures)> Points { get; } = [];

        public void Put(long at, T figures)
        {
            var i = Points.Count;
            while (i > 0 && Points[i - 1].At > at)
            {
                i--;
            }

            if (i > 0 && Points[i - 1].At == at)
            {
                Points[i - 1] = (at, figures);
            }
            else
            {
                Points.Insert(i, (at, figures));
            }
        }

        public void DropUntil(long from)
        {
            var drop = 0;
            while (drop < Points.Count && Points[drop].At <= from)
            {
                drop++;
            }

            Points.RemoveRange(0, drop);
        }
    }
}
