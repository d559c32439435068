using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CallMetrics.Simulation;

namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>
/// Translates a day of the Technion "Anonymous Bank" call-center data (one CSV row per call) into canonical
/// events (EVENTS.md). The rules, and what the data cannot tell, are in docs/SAMPLE-DATA.md; in short:
/// <c>call.arrived</c> at <c>vru_entry</c>, <c>call.queued</c> at <c>q_start</c> in the queue named by the
/// service <c>type</c>, <c>call.answered</c> by <c>server</c> at <c>ser_start</c>, <c>call.ended</c> at
/// <c>ser_exit</c>, <c>q_exit</c> (abandon) or <c>vru_exit</c> (IVR); agents log in and out around their
/// calls and wrap for a fixed time. Rows that break a rule are rejected with their line and reason.
/// </summary>
public sealed class AnonymousBankTranslator
{
    /// <summary>The columns the file must have (any order; extra columns are ignored).</summary>
    public static readonly IReadOnlyList<string> RequiredColumns =
    [
        "vru+line", "call_id", "type", "vru_entry", "vru_exit", "vru_time", "q_start", "q_exit", "q_time",
        "outcome", "ser_start", "ser_exit", "ser_time", "server",
    ];

    private const int SecondsPerDay = 86_400;
    private const string NoServer = "NO_SERVER";
    private readonly AnonymousBankOptions _options;

    /// <summary>Creates a translator; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public AnonymousBankTranslator(AnonymousBankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>
    /// Reads the whole CSV and translates it. Returns false, with a one-line <paramref name="error"/>, only
    /// when the file is unusable (empty, or a required column missing); bad rows are rejections, not errors.
    /// </summary>
    public bool TryTranslate(TextReader csv, [NotNullWhen(true)] out AnonymousBankTranslation? translation, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(csv);
        translation = null;
        var header = csv.ReadLine();
        if (header is null)
        {
            error = "the file is empty (no header line)";
            return false;
        }

        var names = header.Split(',', StringSplitOptions.TrimEntries);
        var columns = new int[RequiredColumns.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = Array.IndexOf(names, RequiredColumns[c]);
            if (columns[c] < 0)
            {
                error = $"line 1: the header has no column '{RequiredColumns[c]}'";
                return false;
            }
        }

        var rows = new List<AnonymousBankRow>();
        var rejections = new List<AnonymousBankRejection>();
        var callIds = new HashSet<string>(StringComparer.Ordinal);
        var rowCount = 0;
        var lineNumber = 1;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            rowCount++;
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length != names.Length)
            {
                rejections.Add(new(lineNumber, $"expected {names.Length} fields, found {fields.Length}"));
                continue;
            }

            if (!TryParseRow(lineNumber, fields, columns, out var row, out var reason))
            {
                rejections.Add(new(lineNumber, reason));
                continue;
            }

            if (!callIds.Add(row.CallId))
            {
                rejections.Add(new(lineNumber, $"call '{row.CallId}' (vru+line and call_id) appears on an earlier line"));
                continue;
            }

            rows.Add(row);
        }

        translation = new AnonymousBankTranslation(rowCount, rows.Count, Emit(rows), rejections);
        error = null;
        return true;
    }

    private static bool TryParseRow(int lineNumber, string[] f, int[] col, [NotNullWhen(true)] out AnonymousBankRow? row, [NotNullWhen(false)] out string? reason)
    {
        row = null;
        string Field(int i) => f[col[i]];
        var line = Field(0);
        var callId = Field(1);
        var type = Field(2);
        var outcome = Field(9);
        var server = Field(13);
        if (line.Length == 0 || callId.Length == 0)
        {
            reason = "vru+line and call_id must not be empty";
            return false;
        }

        if (type.Length == 0)
        {
            reason = "type is empty (it names the call type and the queue)";
            return false;
        }

        int vruEntry = 0, vruExit = 0, qStart = 0, qExit = 0, serStart = 0, serExit = 0, vruTime = 0, qTime = 0, serTime = 0;
        reason = Time(Field(3), "vru_entry", ref vruEntry) ?? Time(Field(4), "vru_exit", ref vruExit)
            ?? Time(Field(6), "q_start", ref qStart) ?? Time(Field(7), "q_exit", ref qExit)
            ?? Time(Field(10), "ser_start", ref serStart) ?? Time(Field(11), "ser_exit", ref serExit)
            ?? Seconds(Field(5), "vru_time", ref vruTime) ?? Seconds(Field(8), "q_time", ref qTime) ?? Seconds(Field(12), "ser_time", ref serTime);
        if (reason is not null)
        {
            return false;
        }

        // 0:00:00 with a zero duration is the data's "did not happen" (never queued, never served).
        var queued = !(qStart == 0 && qExit == 0 && qTime == 0);
        var served = !(serStart == 0 && serExit == 0 && serTime == 0);

        // Times are times of day: one earlier than vru_entry belongs to the next day (a call across midnight).
        int Roll(int t) => t < vruEntry ? t + SecondsPerDay : t;
        vruExit = Roll(vruExit);
        qStart = Roll(qStart);
        qExit = Roll(qExit);
        serStart = Roll(serStart);
        serExit = Roll(serExit);

        reason = (queued ? Duration("vru_entry", vruEntry, "q_start", qStart, null, 0) : null)
            ?? (served ? Duration("vru_entry", vruEntry, "ser_start", serStart, null, 0) : null);
        if (reason is not null)
        {
            return false;
        }

        reason = Duration("vru_entry", vruEntry, "vru_exit", vruExit, "vru_time", vruTime)
            ?? (queued ? Duration("q_start", qStart, "q_exit", qExit, "q_time", qTime) : null)
            ?? (served ? Duration("ser_start", serStart, "ser_exit", serExit, "ser_time", serTime) : null);
        if (reason is not null)
        {
            return false;
        }

        var callKey = line + "-" + callId;
        switch (outcome)
        {
            case "PHANTOM":
                reason = "outcome PHANTOM: a virtual call that the data's documentation says to ignore";
                return false;
            case "AGENT":
                if (!served)
                {
                    reason = "outcome AGENT but no service times (ser_start, ser_exit, ser_time)";
                    return false;
                }

                if (server.Length == 0 || server == NoServer)
                {
                    reason = $"outcome AGENT but server is '{server}': no agent to answer";
                    return false;
                }

                if (queued && serStart < qStart)
                {
                    reason = $"ser_start {Clock(serStart)} is before q_start {Clock(qStart)}";
                    return false;
                }

                // Answered without queueing (q_time 0): a visit with zero wait at the answer, so the queue is offered the call.
                row = new AnonymousBankRow(lineNumber, callKey, type, AnonymousBankOutcome.Answered, vruEntry, queued ? qStart : serStart, serStart, serExit, server);
                return true;
            case "HANG":
                // Service columns on a HANG row name no server: the caller was gone at q_exit (or vru_exit), so they are not used.
                row = queued
                    ? new AnonymousBankRow(lineNumber, callKey, type, AnonymousBankOutcome.Abandoned, vruEntry, qStart, null, qExit, null)
                    : new AnonymousBankRow(lineNumber, callKey, type, AnonymousBankOutcome.EndedInIvr, vruEntry, null, null, vruExit, null);
                return true;
            default:
                reason = $"outcome '{outcome}' is not AGENT, HANG or PHANTOM";
                return false;
        }
    }

    private static string? Duration(string startName, int start, string exitName, int exit, string? durationName, int seconds)
    {
        // A roll-over of more than half a day is not a call across midnight but an exit recorded before its start.
        if (exit < start || exit - start >= SecondsPerDay / 2)
        {
            return $"{exitName} {Clock(exit % SecondsPerDay)} is before {startName} {Clock(start % SecondsPerDay)}";
        }

        return durationName is null || exit - start == seconds
            ? null
            : $"{durationName} {seconds} does not match {exitName} - {startName} = {exit - start} s";
    }

    private static string? Time(string text, string column, ref int seconds)
    {
        var parts = text.Split(':');
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h < 24 && parts[0].Length <= 2
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60 && parts[1].Length == 2
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < 60 && parts[2].Length == 2)
        {
            seconds = (h * 3600) + (m * 60) + s;
            return null;
        }

        return $"{column} '{text}' is not a time of day (H:MM:SS)";
    }

    private static string? Seconds(string text, string column, ref int seconds)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds) || seconds >= SecondsPerDay)
        {
            return $"{column} '{text}' is not a whole number of seconds";
        }

        // The data has a few rows whose exit was recorded before their entry; the duration is then negative.
        return seconds < 0 ? $"{column} {seconds} is negative: the exit time is before the entry time" : null;
    }

    private static string Clock(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}");

    // ---- events ----

    private List<SimulatedEvent> Emit(List<AnonymousBankRow> rows)
    {
        var pending = new List<PendingEvent>(rows.Count * 5);
        foreach (var row in rows)
        {
            var arrivedMs = row.Arrived * 1000L;
            pending.Add(new(arrivedMs, Rank.Call, pending.Count, PendingKind.Arrived, row.CallId, null, row.Type));
            if (row.Queued is { } queued)
            {
                pending.Add(new(queued * 1000L, Rank.Call, pending.Count, PendingKind.Queued, row.CallId, null, row.Type));
            }

            if (row.Answered is { } answered)
            {
                pending.Add(new(answered * 1000L, Rank.Call, pending.Count, PendingKind.Answered, row.CallId, row.Agent, null));
            }

            // An end strictly after the call's previous event goes before other calls' starts at the same second,
            // so an agent who ends one call and answers the next in the same second is never on two calls.
            var previousMs = (row.Answered ?? row.Queued ?? row.Arrived) * 1000L;
            var endedMs = row.Ended * 1000L;
            pending.Add(new(endedMs, endedMs > previousMs ? Rank.Closing : Rank.Call, pending.Count, PendingKind.Ended, row.CallId, row.Agent, null));
        }

        AddAgentEvents(rows, pending);

        // Every PendingEvent has a distinct Order, so this sort is stable and deterministic.
        pending.Sort(static (a, b) => a.TimeMs != b.TimeMs ? a.TimeMs.CompareTo(b.TimeMs)
            : a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank)
            : a.Order.CompareTo(b.Order));

        var dayStartMs = new DateTimeOffset(_options.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var writer = new CanonicalEventWriter(string.Create(CultureInfo.InvariantCulture, $"ab-{_options.Date:yyyyMMdd}-"));

        // EVENTS.md: an absent tenant is "default", so the default is not written.
        var tenant = _options.Tenant == CanonicalNames.DefaultTenant ? null : _options.Tenant;
        var events = new List<SimulatedEvent>(pending.Count);
        foreach (var p in pending)
        {
            var ts = dayStartMs + p.TimeMs;
            _ = p.Kind switch
            {
                PendingKind.Arrived => writer.Begin(CanonicalNames.CallArrived, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.CallType, p.Text),
                PendingKind.Queued => writer.Begin(CanonicalNames.CallQueued, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.Queue, p.Text),
                PendingKind.Answered => writer.Begin(CanonicalNames.CallAnswered, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.AgentId, p.Agent),
                PendingKind.Ended => writer.Begin(CanonicalNames.CallEnded, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.AgentId, p.Agent),
                PendingKind.WrapEnded => writer.Begin(CanonicalNames.WrapEnded, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.AgentId, p.Agent),
                PendingKind.Login => writer.Begin(CanonicalNames.AgentLogin, ts, tenant).Field(CanonicalNames.AgentId, p.Key).Field(CanonicalNames.State, CanonicalNames.Available),
                PendingKind.Logout => writer.Begin(CanonicalNames.AgentLogout, ts, tenant).Field(CanonicalNames.AgentId, p.Key),
                _ => throw new InvalidOperationException($"unknown pending event kind {p.Kind}"),
            };
            events.Add(new SimulatedEvent(ts * 1_000_000, p.Key, writer.End()));
        }

        return events;
    }

    /// <summary>
    /// The data records no wrap and no logins. Wrap: <c>wrap.ended</c> <see cref="AnonymousBankOptions.Wrap"/>
    /// after the end, or at the agent's next answer if sooner (METRICS: an answer ends wrap), or none.
    /// Sessions: login <see cref="AnonymousBankOptions.LoginLead"/> before the first answer, logout
    /// <see cref="AnonymousBankOptions.LogoutLag"/> after the last wrap, split at gaps over <see cref="AnonymousBankOptions.SessionGap"/>.
    /// </summary>
    private void AddAgentEvents(List<AnonymousBankRow> rows, List<PendingEvent> pending)
    {
        var wrapMs = (long)_options.Wrap.TotalMilliseconds;
        var leadMs = (long)_options.LoginLead.TotalMilliseconds;
        var lagMs = (long)_options.LogoutLag.TotalMilliseconds;
        var gapMs = (long)_options.SessionGap.TotalMilliseconds;
        var byAgent = rows.Where(r => r.Outcome == AnonymousBankOutcome.Answered)
            .GroupBy(r => r.Agent!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var agentRows in byAgent)
        {
            var calls = agentRows.OrderBy(r => r.Answered).ThenBy(r => r.Ended).ThenBy(r => r.LineNumber).ToArray();
            var sessionEndMs = long.MinValue;
            for (var i = 0; i < calls.Length; i++)
            {
                var answeredMs = calls[i].Answered!.Value * 1000L;
                var endedMs = calls[i].Ended * 1000L;
                if (sessionEndMs == long.MinValue || answeredMs - sessionEndMs > gapMs)
                {
                    if (sessionEndMs != long.MinValue)
                    {
                        pending.Add(new(sessionEndMs + lagMs, Rank.Logout, pending.Count, PendingKind.Logout, agentRows.Key, null, null));
                    }

                    pending.Add(new(Math.Max(0, answeredMs - leadMs), Rank.Login, pending.Count, PendingKind.Login, agentRows.Key, null, null));
                    sessionEndMs = answeredMs;
                }

                var wrapEndMs = endedMs;
                if (wrapMs > 0)
                {
                    wrapEndMs = endedMs + wrapMs;
                    for (var j = i + 1; j < calls.Length; j++)
                    {
                        // Only an answer at or after this end cuts the wrap short; one before it overlaps the call.
                        var nextMs = calls[j].Answered!.Value * 1000L;
                        if (nextMs >= endedMs)
                        {
                            wrapEndMs = Math.Min(wrapEndMs, nextMs);
                            break;
                        }
                    }

                    if (wrapEndMs > endedMs)
                    {
                        pending.Add(new(wrapEndMs, Rank.Closing, pending.Count, PendingKind.WrapEnded, calls[i].CallId, agentRows.Key, null));
                    }
                }

                sessionEndMs = Math.Max(sessionEndMs, Math.Max(endedMs, wrapEndMs));
            }

            pending.Add(new(sessionEndMs + lagMs, Rank.Logout, pending.Count, PendingKind.Logout, agentRows.Key, null, null));
        }
    }

    private enum PendingKind
    {
        Arrived,
        Queued,
        Answered,
        Ended,
        WrapEnded,
        Login,
        Logout,
    }

    /// <summary>Order among events of the same second: logins, then ends, then starts and the rest, then logouts.</summary>
    private static class Rank
    {
        public const int Login = 0;
        public const int Closing = 1;
        public const int Call = 2;
        public const int Logout = 3;
    }

    /// <summary>An event before sorting; <see cref="Key"/> is the call id (call events) or the agent id (agent events).</summary>
    private readonly record struct PendingEvent(long TimeMs, int Rank, int Order, PendingKind Kind, string Key, string? Agent, string? Text);
}
