using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Alerts;

/// <summary>
/// Evaluates alert rules in event time (METRICS.md "Alert rules") over the lines written at each rolling step instant
/// (the <c>kind=rolling</c> metrics lines and the state series), per rule and key, and reports each change as an
/// <see cref="AlertTransition"/>. Pure: the same lines give the same transitions; its state is part of the engine's
/// checkpoint.
/// </summary>
/// <remarks>
/// A rule fires for a key at the first instant t at which its condition has held at every step instant in
/// [t - for, t] and the key has not fired at an instant later than t - cooldown (a firing held back by the cooldown
/// comes at the first later instant at which both hold); it resolves at the first instant at which the condition does
/// not hold, a missing line or field included. An instant at which nothing was written (the engine skips idle time)
/// is an instant without lines: a firing key resolves there, and a run of holding instants is broken.
/// </remarks>
public sealed class AlertEvaluator
{
    private readonly AlertRule[] _rules;
    private readonly long _stepNs;
    private readonly Dictionary<string, int[]> _rulesByMeasurement;
    private readonly Dictionary<(int Rule, string Key), AlertKeyState> _keys = [];
    private readonly List<(int Rule, string Key)> _drop = [];
    private readonly List<AlertTransition> _changes = [];

    /// <summary>Creates an evaluator of <paramref name="rules"/> at step instants <paramref name="step"/> apart (the rolling step).</summary>
    public AlertEvaluator(IReadOnlyList<AlertRule> rules, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
        _stepNs = step.Ticks * 100;
        if (_stepNs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "the step must be positive");
        }

        _rulesByMeasurement = _rules.Select((rule, index) => (rule, index))
            .GroupBy(r => r.rule.Measurement, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.index).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<AlertRule> Rules => _rules;

    /// <summary>The last step instant evaluated; <see cref="long.MinValue"/> before the first.</summary>
    public long LastInstant { get; private set; } = long.MinValue;

    /// <summary>
    /// Reads the line protocol written together (lines of one or more windows, in timestamp order, as
    /// <c>LineProtocolFormatter.Format</c> writes them) and evaluates every step instant that has <c>kind=rolling</c>
    /// or <c>kind=state</c> lines, in time order, adding the changes to <paramref name="transitions"/>. Hand it only
    /// final windows (not provisional ones).
    /// </summary>
    public void Observe(ReadOnlySpan<char> lineProtocol, ICollection<AlertTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var instants = new SortedDictionary<long, List<AlertSample>>();
        foreach (var range in lineProtocol.Split('\n'))
        {
            var line = lineProtocol[range];
            if (line.IsEmpty)
            {
                continue;
            }

            var measurement = AlertSample.MeasurementOf(line);
            var wanted = _rulesByMeasurement.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(measurement);
            if (!wanted && line.IndexOf(",kind=rolling", StringComparison.Ordinal) < 0 && line.IndexOf(",kind=state", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            if (AlertSample.Parse(line) is not { Kind: "rolling" or "state" } sample)
            {
                continue;
            }

            if (!instants.TryGetValue(sample.Timestamp, out var samples))
            {
                instants.Add(sample.Timestamp, samples = []);
            }

            if (wanted)
            {
                samples.Add(sample);
            }
        }

        foreach (var (instant, samples) in instants)
        {
            Evaluate(instant, samples, transitions);
        }
    }

    /// <summary>
    /// Evaluates every rule at step instant <paramref name="instant"/> over <paramref name="samples"/>, the lines written
    /// at it (any others are ignored), adding the changes to <paramref name="transitions"/> in the output order: time,
    /// then rule id, then tags. An instant with no lines is evaluated with an empty list. Instants must not go back.
    /// </summary>
    public void Evaluate(long instant, IReadOnlyList<AlertSample> samples, ICollection<AlertTransition> transitions)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(transitions);
        if (instant <= LastInstant)
        {
            return; // already evaluated (the same lines written again, as a restored engine may)
        }

        LastInstant = instant;
        foreach (var sample in samples)
        {
            if (sample.Timestamp != instant || !_rulesByMeasurement.TryGetValue(sample.Measurement, out var rules)
                || sample.Kind != (AlertMeasurements.IsState(sample.Measurement) ? "state" : "rolling"))
            {
                continue;
            }

            foreach (var index in rules)
            {
                var rule = _rules[index];
                if (!Matches(rule, sample))
                {
                    continue;
                }

                if (!_keys.TryGetValue((index, sample.Key), out var state))
                {
                    state = new AlertKeyState(index, sample.Tags);
                    _keys.Add((index, sample.Key), state);
                }

                var value = sample.Field(rule.Field);
                state.SeenAt = instant;
                state.SeenValue = value;
                state.SeenHolds = value is not null && rule.Holds(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        _changes.Clear();
        _drop.Clear();
        foreach (var (key, state) in _keys)
        {
            Step(state, instant);
            if (!state.Firing && state.HeldSince == AlertKeyState.Never
                && (state.FiredAt == AlertKeyState.Never || state.FiredAt <= instant - Nanos(_rules[state.Rule].Cooldown)))
            {
                _drop.Add(key); // nothing to remember: no run, not firing, no cooldown pending
            }
        }

        foreach (var key in _drop)
        {
            _keys.Remove(key);
        }

        _changes.Sort(Compare);
        foreach (var change in _changes)
        {
            transitions.Add(change);
        }
    }

    /// <summary>The alerts firing now, ordered by rule id, then tags.</summary>
    public List<FiringAlert> Firing()
    {
        var firing = _keys.Values.Where(s => s.Firing).Select(s => new FiringAlert(_rules[s.Rule], s.Tags, s.FiredAt, s.Value)).ToList();
        firing.Sort((a, b) =>
        {
            var byRule = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
            return byRule != 0 ? byRule : CompareTags(a.Tags, b.Tags);
        });
        return firing;
    }

    /// <summary>Writes the state of every key (firing, last fired, held since) for a checkpoint.</summary>
    public void WriteTo(SnapshotWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.Long(LastInstant);
        w.Count(_keys.Count);
        foreach (var state in _keys.Values)
        {
            w.String(_rules[state.Rule].Id);
            w.Count(state.Tags.Count);
            foreach (var (name, value) in state.Tags)
            {
                w.String(name);
                w.String(value);
            }

            w.Bool(state.Firing);
            w.Long(state.FiredAt);
            w.Long(state.HeldSince);
            w.Long(state.LastHeld);
            w.Bool(state.Value is not null);
            w.String(state.Value ?? string.Empty);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote; the state of a rule id this evaluator does not have is dropped.</summary>
    public void ReadFrom(SnapshotReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        _keys.Clear();
        LastInstant = r.Long();
        var count = r.Count();
        for (var i = 0; i < count; i++)
        {
            var id = r.String();
            var tags = new List<KeyValuePair<string, string>>();
            var tagCount = r.Count();
            for (var j = 0; j < tagCount; j++)
            {
                tags.Add(new(r.String(), r.String()));
            }

            var firing = r.Bool();
            var (firedAt, heldSince, lastHeld) = (r.Long(), r.Long(), r.Long());
            var hasValue = r.Bool();
            var value = r.String();
            var rule = Array.FindIndex(_rules, rule => rule.Id == id);
            if (rule >= 0)
            {
                _keys[(rule, string.Join('\n', tags.Select(t => t.Key + "=" + t.Value)))] = new AlertKeyState(rule, tags)
                {
                    Firing = firing,
                    FiredAt = firedAt,
                    HeldSince = heldSince,
                    LastHeld = lastHeld,
                    Value = hasValue ? value : null,
                };
            }
        }
    }

    private void Step(AlertKeyState state, long t)
    {
        var rule = _rules[state.Rule];
        var seen = state.SeenAt == t;
        var holds = seen && state.SeenHolds;
        var value = seen ? state.SeenValue : null;
        if (value is not null)
        {
            state.Value = value;
        }

        if (state.Firing && state.LastHeld + _stepNs < t)
        {
            // METRICS: resolves at the first step at which the condition does not hold. The instants after the last one
            // evaluated were skipped as idle: they had no lines, so the condition did not hold at the first of them.
            _changes.Add(new AlertTransition(rule, state.Tags, AlertState.Resolved, state.LastHeld + _stepNs, null));
            state.Firing = false;
            state.HeldSince = AlertKeyState.Never;
        }

        if (!holds)
        {
            if (state.Firing)
            {
                // METRICS: resolves at the first step at which the condition does not hold.
                _changes.Add(new AlertTransition(rule, state.Tags, AlertState.Resolved, t, value));
                state.Firing = false;
            }

            state.HeldSince = AlertKeyState.Never;
            return;
        }

        // A run of holding instants goes on only from the step instant just before.
        if (state.HeldSince == AlertKeyState.Never || state.LastHeld != t - _stepNs)
        {
            state.HeldSince = t;
        }

        state.LastHeld = t;

        // METRICS: held at every step instant in [t - for, t] (the first of them is the multiple of step at or after
        // t - for), and not fired at an instant later than t - cooldown.
        var first = CeilToStep(t - Nanos(rule.For));
        if (!state.Firing && state.HeldSince <= first
            && (state.FiredAt == AlertKeyState.Never || state.FiredAt <= t - Nanos(rule.Cooldown)))
        {
            state.Firing = true;
            state.FiredAt = t;
            _changes.Add(new AlertTransition(rule, state.Tags, AlertState.Firing, t, value));
        }
    }

    private static bool Matches(AlertRule rule, AlertSample sample)
    {
        foreach (var (name, value) in rule.Match)
        {
            if (sample.Tag(name) != value)
            {
                return false;
            }
        }

        return true;
    }

    private long CeilToStep(long t)
    {
        var floor = t - (((t % _stepNs) + _stepNs) % _stepNs);
        return floor == t ? t : floor + _stepNs;
    }

    private static long Nanos(TimeSpan duration) => duration.Ticks * 100;

    private static int Compare(AlertTransition a, AlertTransition b)
    {
        var byTime = a.At.CompareTo(b.At);
        if (byTime != 0)
        {
            return byTime;
        }

        var byRule = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        return byRule != 0 ? byRule : CompareTags(a.Tags, b.Tags);
    }

    private static int CompareTags(IReadOnlyList<KeyValuePair<string, string>> a, IReadOnlyList<KeyValuePair<string, string>> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var byName = string.CompareOrdinal(a[i].Key, b[i].Key);
            if (byName != 0)
            {
                return byName;
            }

            var byValue = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return a.Count.CompareTo(b.Count);
    }
}
