using System.Globalization;
using System.Text;
using CallMetrics.Core.Contacts;
using CallMetrics.Core.Events;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>
/// Writes windows as InfluxDB line protocol (METRICS.md "Fields"): tags in key order, fields in the
/// order of METRICS.md, integers with the <c>i</c> suffix, floats in their shortest round-trip form,
/// ratio fields omitted when their denominator is zero, timestamps in nanoseconds. Lines of the windows
/// handed over together are sorted by (timestamp, series key), so the output is deterministic.
/// </summary>
public sealed class LineProtocolFormatter
{
    /// <summary>The <c>call_type</c> tag of calls without a call type.</summary>
    public const string UnspecifiedCallType = "unspecified";

    private static readonly string[] ScopeNames = ["agent", "team", "queue", "tenant"];

    private readonly SymbolTable _symbols;
    private readonly FieldWriter _fields;
    // Each line is built once in _builder (series key, fields, timestamp) and kept with the length of its
    // key, the sort key being that prefix: one string per line instead of a key, a line and a string per
    // field value.
    // The lines of one Format call, each a slice of one reused character arena (no string per line).
    private readonly List<(long Timestamp, int KeyLength, int Start, int Length)> _lines = [];
    private char[] _arena = new char[1 << 16];
    private int _arenaUsed;
    private readonly StringBuilder _builder = new(512);
    private int _fieldsStart;

    /// <summary>Creates a formatter that resolves symbols in <paramref name="symbols"/>.</summary>
    /// <param name="symbols">Symbol names.</param>
    /// <param name="omitFields">Fields the input format cannot provide: never written (rather than a wrong zero).</param>
    public LineProtocolFormatter(SymbolTable symbols, IReadOnlySet<string>? omitFields = null)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        _symbols = symbols;
        _fields = new FieldWriter(_builder, omitFields ?? new HashSet<string>());
    }

    /// <summary>Formats the windows handed over together, appending complete lines (each ending in '\n') to <paramref name="output"/>.</summary>
    public int Format(IReadOnlyList<WindowResult> windows, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(output);
        _lines.Clear();
        _arenaUsed = 0;
        foreach (var window in windows)
        {
            Collect(window);
        }

        var arena = _arena;
        _lines.Sort((a, b) =>
        {
            var byTime = a.Timestamp.CompareTo(b.Timestamp);
            return byTime != 0 ? byTime : arena.AsSpan(a.Start, a.KeyLength).SequenceCompareTo(arena.AsSpan(b.Start, b.KeyLength));
        });
        foreach (var (_, _, start, length) in _lines)
        {
            output.Append(arena, start, length).Append('\n');
        }

        return _lines.Count;
    }

    private void Collect(WindowResult window)
    {
        var kind = window.Spec.Kind == WindowKind.Interval ? "interval" : "rolling";
        var tag = window.Spec.Tag;
        var timestamp = window.Timestamp;
        var f = _fields;
        foreach (var line in window.Agents)
        {
            SeriesKey("agent_metrics", ("agent", _symbols[line.Agent]), ("kind", kind), ("team", _symbols[line.Team]),
                ("tenant", _symbols[line.Tenant]), ("window", tag));
            MetricFields.Agent(f, line.Tally);
            MetricFields.HandlePercentiles(f, line.Tally.HandleValues);
            MetricFields.Outcomes(f, line.Tally.Outcomes, line.Tally.Handled);
            Add(timestamp);
        }

        foreach (var line in window.Queues)
        {
            SeriesKey("queue_metrics", ("kind", kind), ("queue", _symbols[line.Queue]), ("tenant", _symbols[line.Tenant]), ("window", tag));
            MetricFields.Queue(f, line.Tally, includeMaxWait: true, includeHandled: true);
            MetricFields.HandlePercentiles(f, line.Tally.HandleValues);
            MetricFields.WaitPercentiles(f, line.Tally.WaitValues);
            MetricFields.Outcomes(f, line.Tally.Outcomes, line.Tally.Handled);
            Add(timestamp);
        }

        foreach (var line in window.Teams)
        {
            SeriesKey("team_metrics", ("kind", kind), ("team", _symbols[line.Team]), ("tenant", _symbols[line.Tenant]), ("window", tag));
            MetricFields.Agent(f, line.Tally);
            MetricFields.HandlePercentiles(f, line.Tally.HandleValues);
            MetricFields.Outcomes(f, line.Tally.Outcomes, line.Tally.Handled);
            Add(timestamp);
        }

        foreach (var line in window.Tenants)
        {
            SeriesKey("tenant_metrics", ("kind", kind), ("tenant", _symbols[line.Tenant]), ("window", tag));
            MetricFields.Agent(f, line.Agents);
            MetricFields.Queue(f, line.Queues, includeMaxWait: false, includeHandled: false);

            // METRICS: the tenant's handle times and outcomes are its agents' legs (every leg, with or without a queue).
            MetricFields.HandlePercentiles(f, line.Agents.HandleValues);
            MetricFields.WaitPercentiles(f, line.Queues.WaitValues);
            MetricFields.Outcomes(f, line.Agents.Outcomes, line.Agents.Handled);
            f.Int("repeat_calls", line.Counts.RepeatCalls);
            Add(timestamp);
        }

        foreach (var line in window.CallTypes)
        {
            var callType = line.CallType == 0 ? UnspecifiedCallType : _symbols[line.CallType];
            SeriesKey("call_type_metrics", ("call_type", callType), ("kind", kind), ("tenant", _symbols[line.Tenant]), ("window", tag));
            MetricFields.CallType(f, line.Tally);
            Add(timestamp);
        }

        foreach (var line in window.Fcr)
        {
            var key = line.Scope == FcrScope.Tenant ? string.Empty : _symbols[line.Key];
            SeriesKey(
                "fcr_metrics",
                ("agent", line.Scope == FcrScope.Agent ? key : string.Empty),
                ("kind", kind),
                ("queue", line.Scope == FcrScope.Queue ? key : string.Empty),
                ("scope", ScopeNames[(int)line.Scope]),
                ("team", line.Scope == FcrScope.Team ? key : string.Empty),
                ("tenant", _symbols[line.Tenant]),
                ("window", tag));
            MetricFields.Fcr(f, line);
            Add(timestamp);
        }

        CollectStates(window, timestamp);
    }

    // METRICS "Live state and alerts": kind=state, no window tag.
    private void CollectStates(WindowResult window, long timestamp)
    {
        foreach (var line in window.QueueStates)
        {
            SeriesKey("queue_state", ("kind", "state"), ("queue", _symbols[line.Queue]), ("tenant", _symbols[line.Tenant]));
            MetricFields.QueueState(_fields, line);
            Add(timestamp);
        }

        foreach (var line in window.TeamStates)
        {
            SeriesKey("team_state", ("kind", "state"), ("team", _symbols[line.Team]), ("tenant", _symbols[line.Tenant]));
            MetricFields.AgentState(_fields, line.Agents);
            Add(timestamp);
        }

        foreach (var line in window.TenantStates)
        {
            SeriesKey("tenant_state", ("kind", "state"), ("tenant", _symbols[line.Tenant]));
            MetricFields.AgentState(_fields, line.Agents);
            Add(timestamp);
        }
    }

    private void Add(long timestamp)
    {
        // The fields were written each after a ',' and the timestamp after a ' ': the first of those
        // characters becomes the separator after the key ("key f=1,g=2 ts", or "key ts" without fields).
        _builder.Append(' ').Append(CultureInfo.InvariantCulture, $"{timestamp}");
        var keyLength = _fieldsStart - 1;
        _builder.Remove(_fieldsStart, 1);
        var length = _builder.Length;
        if (_arenaUsed + length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + length));
        }

        _builder.CopyTo(0, _arena.AsSpan(_arenaUsed, length), length);
        _lines.Add((timestamp, keyLength, _arenaUsed, length));
        _arenaUsed += length;
    }

    /// <summary>Starts a line in <c>_builder</c> with its series key followed by one space.</summary>
    private void SeriesKey(string measurement, params ReadOnlySpan<(string Key, string Value)> tags)
    {
        var builder = _builder;
        builder.Clear();
        builder.Append(measurement);
        foreach (var (key, value) in tags)
        {
            if (value.Length == 0)
            {
                continue; // an unknown team has no tag
            }

            builder.Append(',').Append(key).Append('=');
            LineProtocolText.AppendTagValue(builder, value);
        }

        builder.Append(' ');
        _fieldsStart = builder.Length;
    }
}
