using System.Runtime.CompilerServices;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// The values captured from one message, before they are checked together and interned: slices of the message
/// (or, for values with escapes, of the strict reader's scratch buffer). An empty slice is an absent value
/// (EVENTS.md: <c>null</c> and <c>""</c> count as absent).
/// </summary>
internal ref struct EventFields
{
    public ReadOnlySpan<byte> EventId;
    public ReadOnlySpan<byte> Type;
    public ReadOnlySpan<byte> Ts;
    public ReadOnlySpan<byte> Tenant;
    public ReadOnlySpan<byte> CallId;
    public ReadOnlySpan<byte> AgentId;
    public ReadOnlySpan<byte> Queue;
    public ReadOnlySpan<byte> ToQueue;
    public ReadOnlySpan<byte> Team;
    public ReadOnlySpan<byte> State;
    public ReadOnlySpan<byte> Reason;
    public ReadOnlySpan<byte> Direction;
    public ReadOnlySpan<byte> CallType;
    public ReadOnlySpan<byte> Caller;
    public ReadOnlySpan<byte> Disposition;
    public bool HasSchema;
    public int Schema;
    public bool HasScore;

    /// <summary>The score, or -1 for a number that is not an <see cref="int"/> (rejected as out of range).</summary>
    public int Score;

    private int _seen;

    /// <summary>Notes that <paramref name="field"/> was given; false when it was given before and may be given only once.</summary>
    public bool MarkSeen(EventField field)
    {
        if (!FieldNames.IsSingle(field))
        {
            return true;
        }

        var bit = 1 << (int)field;
        if ((_seen & bit) != 0)
        {
            return false;
        }

        _seen |= bit;
        return true;
    }

    /// <summary>Stores the string value of <paramref name="field"/> (a field whose value is a string).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(EventField field, ReadOnlySpan<byte> value)
    {
        switch (field)
        {
            case EventField.EventId: EventId = value; break;
            case EventField.Type: Type = value; break;
            case EventField.Ts: Ts = value; break;
            case EventField.Tenant: Tenant = value; break;
            case EventField.CallId: CallId = value; break;
            case EventField.AgentId: AgentId = value; break;
            case EventField.Queue: Queue = value; break;
            case EventField.ToQueue: ToQueue = value; break;
            case EventField.Team: Team = value; break;
            case EventField.State: State = value; break;
            case EventField.Reason: Reason = value; break;
            case EventField.Direction: Direction = value; break;
            case EventField.CallType: CallType = value; break;
            case EventField.Caller: Caller = value; break;
            case EventField.Disposition: Disposition = value; break;
            default: break; // to_agent: checked, not kept
        }
    }
}
