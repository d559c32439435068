using System.Buffers.Text;
using System.Globalization;
using CallMetrics.Core.Events;

namespace CallMetrics.Benchmarks.Workload;

/// <summary>
/// Writes <see cref="SyntheticEvent"/>s as canonical JSON lines (EVENTS.md) the way a producer would:
/// UUID-shaped event and call ids, a tenant on every event, millisecond RFC 3339 times, and the
/// optional fields real sources send (caller, direction, call type, reasons).
/// </summary>
public sealed class JsonLineWriter(WorkloadOptions options)
{
    private readonly byte[] _tenant = System.Text.Encoding.UTF8.GetBytes(options.Tenant);
    private readonly uint _salt = (uint)options.Seed * 2654435761u;
    private long _eventNumber;

    /// <summary>Longest line this writer produces, with room to spare.</summary>
    public const int MaxLineBytes = 512;

    /// <summary>Writes one line, '\n' included, into <paramref name="destination"/>; returns its length.</summary>
    public int Write(in SyntheticEvent e, Span<byte> destination)
    {
        var w = new SpanWriter(destination);
        w.Raw("{\"event_id\":\""u8);
        w.Uuid(_salt ^ 0xE0E0E0E0u, ++_eventNumber);
        w.Raw("\",\"type\":\""u8);
        w.Raw(TypeName(e.Type));
        w.Raw("\",\"ts\":\""u8);
        w.Timestamp(e.Ms);
        w.Raw("\",\"tenant\":\""u8);
        w.Raw(_tenant);
        w.Raw("\""u8);
        if (e.Call != 0)
        {
            w.Raw(",\"call_id\":\""u8);
            w.Uuid(_salt, e.Call);
            w.Raw("\""u8);
        }

        if (e.NamesAgent)
        {
            w.Raw(",\"agent_id\":\"agent-"u8);
            w.Number(e.Agent);
            w.Raw("\""u8);
        }

        switch (e.Type)
        {
            case EventType.CallArrived:
                w.Raw(",\"direction\":\"inbound\",\"caller\":\"+3120"u8);
                w.Number(5_000_000 + (e.Call * 7919 % 4_999_999));
                w.Raw("\",\"call_type\":\"voice\""u8);
                break;
            case EventType.CallQueued:
            case EventType.CallAnswered:
                w.Raw(",\"queue\":\"queue-"u8);
                w.Number(e.Queue);
                w.Raw("\""u8);
                break;
            case EventType.CallTransferred:
                w.Raw(",\"to_queue\":\"queue-"u8);
                w.Number(e.Queue);
                w.Raw("\""u8);
                break;
            case EventType.SurveyCompleted:
                w.Raw(",\"score\":"u8);
                w.Number(e.Score);
                break;
            case EventType.AgentLogin:
                w.Raw(",\"team\":\"team-"u8);
                w.Number(e.Team);
                w.Raw("\",\"state\":\"available\""u8);
                break;
            case EventType.AgentState:
                w.Raw(e.State == AgentChosenState.Available ? ",\"state\":\"available\""u8 : ",\"state\":\"not_ready\",\"reason\":\"break\""u8);
                break;
            default:
                break;
        }

        w.Raw("}\n"u8);
        return w.Written;
    }

    private static ReadOnlySpan<byte> TypeName(EventType type) => type switch
    {
        EventType.CallArrived => "call.arrived"u8,
        EventType.CallQueued => "call.queued"u8,
        EventType.CallAnswered => "call.answered"u8,
        EventType.CallHeld => "call.held"u8,
        EventType.CallRetrieved => "call.retrieved"u8,
        EventType.CallTransferred => "call.transferred"u8,
        EventType.CallEnded => "call.ended"u8,
        EventType.WrapEnded => "wrap.ended"u8,
        EventType.SurveyCompleted => "survey.completed"u8,
        EventType.AgentLogin => "agent.login"u8,
        EventType.AgentState => "agent.state"u8,
        EventType.AgentLogout => "agent.logout"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a wire type"),
    };

    private ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Written { get; private set; }

        public void Raw(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Written..]);
            Written += bytes.Length;
        }

        public void Number(long value)
        {
            Utf8Formatter.TryFormat(value, _buffer[Written..], out var n);
            Written += n;
        }

        /// <summary>A UUID-shaped id (8-4-4-4-12 hex) that is unique per (salt, number).</summary>
        public void Uuid(uint salt, long number)
        {
            var mixed = (ulong)number * 0x9E3779B97F4A7C15ul;
            Hex(salt, 8);
            Raw("-"u8);
            Hex(mixed >> 48, 4);
            Raw("-4"u8);
            Hex(mixed >> 36, 3);
            Raw("-a"u8);
            Hex(mixed >> 24, 3);
            Raw("-"u8);
            Hex((ulong)number, 12);
        }

        public void Timestamp(long ms)
        {
            var time = DateTime.UnixEpoch.AddMilliseconds(ms);
            time.TryFormat(_buffer[Written..], out var n, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            Written += n;
        }

        private void Hex(ulong value, int digits)
        {
            for (var i = digits - 1; i >= 0; i--)
            {
                var nibble = (int)((value >> (4 * i)) & 0xF);
                _buffer[Written++] = (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
            }
        }
    }
}
