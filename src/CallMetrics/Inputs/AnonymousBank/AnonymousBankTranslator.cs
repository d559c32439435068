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

            if (!AnonymousBankRowParser.TryParse(lineNumber, fields, columns, out var row, out var reason))
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

    private List<SimulatedEvent> Emit(List<AnonymousBankRow> rows)
    {
        var pending = new List<PendingEvent>(rows.Count * 5);
        foreach (var row in rows)
        {
            var arrivedMs = row.Arrived * 1000L;
            pending.Add(new(arrivedMs, PendingEventRank.Call, pending.Count, PendingEventKind.Arrived, row.CallId, null, row.Type));
            if (row.Queued is { } queued)
            {
                pending.Add(new(queued * 1000L, PendingEventRank.Call, pending.Count, PendingEventKind.Queued, row.CallId, null, row.Type));
            }

            if (row.Answered is { } answered)
            {
                pending.Add(new(answered * 1000L, PendingEventRank.Call, pending.Count, PendingEventKind.Answered, row.CallId, row.Agent, null));
            }

            // An end strictly after the call's previous event goes before other calls' starts at the same second,
            // so an agent who ends one call and answers the next in the same second is never on two calls.
            var previousMs = (row.Answered ?? row.Queued ?? row.Arrived) * 1000L;
            var endedMs = row.Ended * 1000L;
            pending.Add(new(endedMs, endedMs > previousMs ? PendingEventRank.Closing : PendingEventRank.Call, pending.Count, PendingEventKind.Ended, row.CallId, row.Agent, null));
        }

        new AnonymousBankAgentSessions(_options).AddTo(pending, rows);

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
                PendingEventKind.Arrived => writer.Begin(CanonicalNames.CallArrived, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.CallType, p.Text),
                PendingEventKind.Queued => writer.Begin(CanonicalNames.CallQueued, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.Queue, p.Text),
                PendingEventKind.Answered => writer.Begin(CanonicalNames.CallAnswered, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.AgentId, p.Agent),
                PendingEventKind.Ended => writer.Begin(CanonicalNames.CallEnded, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.AgentId, p.Agent),
                PendingEventKind.WrapEnded => writer.Begin(CanonicalNames.WrapEnded, ts, tenant).Field(CanonicalNames.CallId, p.Key).Field(CanonicalNames.AgentId, p.Agent),
                PendingEventKind.Login => writer.Begin(CanonicalNames.AgentLogin, ts, tenant).Field(CanonicalNames.AgentId, p.Key).Field(CanonicalNames.State, CanonicalNames.Available),
                PendingEventKind.Logout => writer.Begin(CanonicalNames.AgentLogout, ts, tenant).Field(CanonicalNames.AgentId, p.Key),
                _ => throw new InvalidOperationException($"unknown pending event kind {p.Kind}"),
            };
            events.Add(new SimulatedEvent(ts * 1_000_000, p.Key, writer.End()));
        }

        return events;
    }
}
