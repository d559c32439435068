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
    private readonly IReadOnlySet<string> _omit;
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
        _omit = omitFields ?? new HashSet<string>();
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
        foreach (var line in window.Agents)
        {
            SeriesKey("agent_metrics", ("agent", _symbols[line.Agent]), ("kind", kind), ("team", _symbols[line.Team]),
                ("tenant", _symbols[line.Tenant]), ("window", tag));
            AppendAgentFields(line.Tally);
            AppendPercentiles("handle", line.Tally.HandleValues);
            AppendOutcomes(line.Tally.Outcomes, line.Tally.Handled);
            Add(timestamp);
        }

        foreach (var line in window.Queues)
        {
            SeriesKey("queue_metrics", ("kind", kind), ("queue", _symbols[line.Queue]), ("tenant", _symbols[line.Tenant]), ("window", tag));
            AppendQueueFields(line.Tally, includeMaxWait: true, includeHandled: true);
            AppendPercentiles("handle", line.Tally.HandleValues);
            AppendPercentiles("wait", line.Tally.WaitValues);
            AppendOutcomes(line.Tally.Outcomes, line.Tally.Handled);
            Add(timestamp);
        }

        foreach (var line in window.Teams)
        {
            SeriesKey("team_metrics", ("kind", kind), ("team", _symbols[line.Team]), ("tenant", _symbols[line.Tenant]), ("window", tag));
            AppendAgentFields(line.Tally);
            AppendPercentiles("handle", line.Tally.HandleValues);
            AppendOutcomes(line.Tally.Outcomes, line.Tally.Handled);
            Add(timestamp);
        }

        foreach (var line in window.Tenants)
        {
            SeriesKey("tenant_metrics", ("kind", kind), ("tenant", _symbols[line.Tenant]), ("window", tag));
            AppendAgentFields(line.Agents);
            AppendQueueFields(line.Queues, includeMaxWait: false, includeHandled: false);

            // METRICS: the tenant's handle times and outcomes are its agents' legs (every leg, with or without a queue).
            AppendPercentiles("handle", line.Agents.HandleValues);
            AppendPercentiles("wait", line.Queues.WaitValues);
            AppendOutcomes(line.Agents.Outcomes, line.Agents.Handled);
            Int("repeat_calls", line.Counts.RepeatCalls);
            Add(timestamp);
        }

        foreach (var line in window.CallTypes)
        {
            var callType = line.CallType == 0 ? UnspecifiedCallType : _symbols[line.CallType];
            SeriesKey("call_type_metrics", ("call_type", callType), ("kind", kind), ("tenant", _symbols[line.Tenant]), ("window", tag));
            AppendCallTypeFields(line.Tally);
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
            AppendFcrFields(line);
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
            Int("waiting", line.Waiting);
            if (line.Waiting > 0)
            {
                Float("longest_wait_s", TimeMath.Seconds(line.LongestWaitNs));
            }

            Add(timestamp);
        }

        foreach (var line in window.TeamStates)
        {
            SeriesKey("team_state", ("kind", "state"), ("team", _symbols[line.Team]), ("tenant", _symbols[line.Tenant]));
            AppendAgentStateFields(line.Agents);
            Add(timestamp);
        }

        foreach (var line in window.TenantStates)
        {
            SeriesKey("tenant_state", ("kind", "state"), ("tenant", _symbols[line.Tenant]));
            AppendAgentStateFields(line.Agents);
            Add(timestamp);
        }
    }

    private void AppendAgentStateFields(in AgentStateCounts counts)
    {
        Int("agents_logged_in", counts.LoggedIn);
        Int("agents_on_call", counts.OnCall);
        Int("agents_in_wrap", counts.InWrap);
        Int("agents_available", counts.Available);
        Int("agents_not_ready", counts.NotReady);
    }

    private void AppendCallTypeFields(in CallTypeTally t)
    {
        Int("handled", t.Handled);
        Ratio("aht_s", TimeMath.Seconds(t.HandleNs), t.Handled);
        AppendPercentiles("handle", t.HandleValues);
        Float("talk_s", TimeMath.Seconds(t.TalkNs));
        Float("hold_s", TimeMath.Seconds(t.HoldNs));
        Float("wrap_s", TimeMath.Seconds(t.WrapNs));
        Int("surveys", t.Surveys);
        Ratio("csat", t.ScoreSum, t.Surveys);
        AppendOutcomes(t.Outcomes, t.Handled);
    }

    private void AppendFcrFields(in FcrLine line)
    {
        Int("contacts", line.Contacts);
        Int("resolved", line.Resolved);
        Int("repeated", line.Repeated);
        Int("pending", line.Pending);

        // METRICS: fcr_rate is written only when nothing is pending.
        if (line.Pending == 0)
        {
            Ratio("fcr_rate", line.Resolved, line.Contacts);
        }
    }

    private void AppendPercentiles(string name, Samples? values)
    {
        // METRICS: nearest rank over the pooled values; omitted when there are none.
        if (Samples.Percentile(values, 50) is { } p50)
        {
            Float(name + "_p50_s", TimeMath.Seconds(p50));
        }

        if (Samples.Percentile(values, 90) is { } p90)
        {
            Float(name + "_p90_s", TimeMath.Seconds(p90));
        }
    }

    private void AppendOutcomes(in OutcomeTally t, int handled)
    {
        Int("dispositioned", t.Dispositioned);
        Int("resolved", t.Resolved);
        Int("escalated", t.Escalated);
        Int("sales", t.Sales);
        Int("complaints", t.Complaints);
        Ratio("resolution_rate", t.Resolved, t.Dispositioned);
        Ratio("escalation_rate", t.Escalated, handled);
        Ratio("sales_conversion", t.Sales, handled);
        Ratio("complaint_rate", t.Complaints, handled);
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

    private void AppendAgentFields(in AgentTally t)
    {
        Int("handled", t.Handled);
        Ratio("aht_s", TimeMath.Seconds(t.HandleNs), t.Handled);
        Float("talk_s", TimeMath.Seconds(t.TalkNs));
        Float("hold_s", TimeMath.Seconds(t.HoldNs));
        Float("wrap_s", TimeMath.Seconds(t.WrapNs));
        Float("busy_s", TimeMath.Seconds(t.BusyNs));
        Float("available_s", TimeMath.Seconds(t.AvailableNs));
        Float("not_ready_s", TimeMath.Seconds(t.NotReadyNs));
        Float("logged_in_s", TimeMath.Seconds(t.LoggedInNs));
        Ratio("occupancy", TimeMath.Seconds(t.BusyNs), TimeMath.Seconds(t.BusyNs + t.AvailableNs));
        Ratio("utilization", TimeMath.Seconds(t.BusyNs), TimeMath.Seconds(t.LoggedInNs));
        Int("transfers", t.Transfers);
        Int("surveys", t.Surveys);
        Ratio("csat", t.ScoreSum, t.Surveys);
    }

    private void AppendQueueFields(in QueueTally t, bool includeMaxWait, bool includeHandled)
    {
        Int("offered", t.Offered);
        Int("answered", t.Answered);
        Int("abandoned", t.Abandoned);
        Int("short_abandoned", t.ShortAbandoned);
        Ratio("asa_s", TimeMath.Seconds(t.AnsweredWaitNs), t.Answered);
        if (includeMaxWait && t.HasMaxWait)
        {
            Float("max_wait_s", TimeMath.Seconds(t.MaxWaitNs));
        }

        Ratio("service_level", t.AnsweredWithinThreshold, t.Answered + t.Abandoned);
        Ratio("abandon_rate", t.Abandoned, t.Answered + t.Abandoned);
        if (includeHandled)
        {
            Int("handled", t.Handled);
            Ratio("aht_s", TimeMath.Seconds(t.HandleNs), t.Handled);
        }
    }

    private void Int(string name, long value)
    {
        if (_omit.Contains(name))
        {
            return;
        }

        _builder.Append(',').Append(name).Append('=').Append(CultureInfo.InvariantCulture, $"{value}i");
    }

    private void Float(string name, double value)
    {
        if (_omit.Contains(name))
        {
            return;
        }

        _builder.Append(',').Append(name).Append('=');
        AppendFloat(_builder, value);
    }

    private void Ratio(string name, double numerator, double denominator)
    {
        // METRICS: ratio fields with a zero denominator are omitted, never written as 0 or NaN.
        if (denominator == 0)
        {
            return;
        }

        Float(name, numerator / denominator);
    }

    /// <summary>Appends a float in its shortest round-trip form, always with a decimal point and never in exponent form.</summary>
    public static void AppendFloat(StringBuilder builder, double value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Span<char> buffer = stackalloc char[64];
        if (!value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture) || buffer[..written].Contains('E'))
        {
            AppendFloatViaStrings(builder, value); // exponent form (or an unexpected length): the original path
            return;
        }

        var text = buffer[..written];
        builder.Append(text);
        if (!text.Contains('.'))
        {
            builder.Append(".0");
        }
    }

    private static void AppendFloatViaStrings(StringBuilder builder, double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            text = ((decimal)value).ToString(CultureInfo.InvariantCulture);
        }

        builder.Append(text);
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            builder.Append(".0");
        }
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
            AppendTagValue(builder, value);
        }

        builder.Append(' ');
        _fieldsStart = builder.Length;
    }

    /// <summary>
    /// Writes a tag value so that InfluxDB 1.x stores exactly <paramref name="value"/>: a backslash before
    /// each comma, equals sign and space, every other character as it is. InfluxDB 1.x (checked against
    /// 1.6.7) treats ',', '=' and ' ' as escaped when the byte before is a backslash, and then removes one
    /// backslash before each of them; any other backslash is literal (<c>\\</c> is two backslashes, not
    /// one). So this encoding round-trips every value except one ending in a backslash, which would
    /// escape the separator after it: the decoder rejects such names (docs/DECISIONS.md
    /// "Names InfluxDB cannot carry"), and this method refuses them rather than corrupting the line.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or ends with a backslash.</exception>
    public static void AppendTagValue(StringBuilder builder, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        if (!CanWriteTagValue(value))
        {
            throw new ArgumentException("An InfluxDB tag value cannot be empty or end with a backslash.", nameof(value));
        }

        foreach (var c in value)
        {
            if (c is ',' or '=' or ' ')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }
    }

    /// <summary>True when <paramref name="value"/> can be written as an InfluxDB 1.x tag value and read back unchanged.</summary>
    public static bool CanWriteTagValue(ReadOnlySpan<char> value) => value.Length > 0 && value[^1] != '\\';
}
