using CallMetrics.Core.Events;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// Turns captured <see cref="EventFields"/> into a <see cref="CanonicalEvent"/>: the checks that need the fields
/// together (required fields per type, type, schema, <c>ts</c>, state, score, direction; EVENTS.md), then the
/// names interned. A name the event's type does not carry is checked when captured but not interned. Not
/// thread-safe (its caches and scratch are its decoder's); the table it interns into is shared.
/// </summary>
internal sealed class EventBuilder
{
    private const byte QualifierSeparator = 0x01;

    private readonly SymbolTable _symbols;
    private int _defaultTenant;
    private readonly RecentNames _tenants = new(1);
    private readonly RecentNames _queues = new(32);
    private readonly RecentNames _labels = new(16);
    private byte[] _qualified = new byte[128];
    private long _generation;

    public EventBuilder(SymbolTable symbols)
    {
        _symbols = symbols;
        _defaultTenant = symbols.Intern(EventDecoder.DefaultTenant);
        _generation = symbols.Generation;
    }

    /// <summary>Whether callers are interned (<see cref="EventDecoder.KeepCallers"/>).</summary>
    public bool KeepCallers { get; set; }

    /// <summary>Checks <paramref name="fields"/> together and, when they make an event, interns its names into <paramref name="decoded"/>.</summary>
    public DecodeResult Build(ref EventFields fields, out CanonicalEvent decoded)
    {
        decoded = default;
        var checkedFields = Check(ref fields, out var type, out var timestamp, out var state, out var score, out var outbound);
        if (!checkedFields.IsOk)
        {
            return checkedFields;
        }

        ForgetRetiredNames();
        var tenant = fields.Tenant.IsEmpty ? EventDecoder.DefaultTenantBytes : fields.Tenant;
        decoded.Type = type;
        decoded.Timestamp = timestamp;
        decoded.State = state;
        decoded.Score = score;
        decoded.Outbound = outbound;
        decoded.Id = EventId.Compute(tenant, fields.EventId);
        decoded.Tenant = fields.Tenant.IsEmpty ? _defaultTenant : _tenants.Intern(_symbols, tenant);
        switch (type)
        {
            case EventType.CallArrived:
                decoded.CallType = _labels.Intern(_symbols, fields.CallType);
                break;
            case EventType.CallQueued or EventType.CallAnswered:
                decoded.Queue = _queues.Intern(_symbols, fields.Queue);
                break;
            case EventType.CallTransferred:
                decoded.Queue = _queues.Intern(_symbols, fields.ToQueue);
                break;
            case EventType.WrapEnded:
                decoded.Disposition = _labels.Intern(_symbols, fields.Disposition);
                break;
            case EventType.AgentLogin:
                decoded.Team = _labels.Intern(_symbols, fields.Team);
                decoded.Reason = _labels.Intern(_symbols, fields.Reason);
                break;
            case EventType.AgentState:
                decoded.Reason = _labels.Intern(_symbols, fields.Reason);
                break;
            default:
                break;
        }

        decoded.Call = type.IsCallEvent() ? _symbols.Intern(Qualify(tenant, fields.CallId)) : 0;
        decoded.Agent = _symbols.Intern(fields.AgentId);
        if (type == EventType.CallArrived && !fields.Caller.IsEmpty)
        {
            decoded.CallerKey = CallerKeys.Compute(tenant, fields.Caller);
            if (KeepCallers)
            {
                decoded.Caller = _symbols.Intern(Qualify(tenant, fields.Caller));
            }
        }

        return DecodeResult.Ok;
    }

    // EVENTS.md: the fields an event needs, and the values they may take, checked in a fixed order (the first
    // failing check is the one reported).
    private static DecodeResult Check(
        ref EventFields fields, out EventType type, out long timestamp, out AgentChosenState state, out byte score, out bool outbound)
    {
        type = EventType.None;
        timestamp = 0;
        state = AgentChosenState.Available;
        score = 0;
        outbound = false;
        if (fields.EventId.IsEmpty)
        {
            return Rejections.EventIdRequired;
        }

        if (fields.Type.IsEmpty)
        {
            return Rejections.TypeRequired;
        }

        type = EventTypeNames.Parse(fields.Type);
        if (type == EventType.None)
        {
            return Rejections.UnknownType(fields.Type);
        }

        if (fields.HasSchema && fields.Schema != 1)
        {
            return Rejections.UnknownSchema(fields.Schema);
        }

        if (fields.Ts.IsEmpty)
        {
            return Rejections.TsRequired;
        }

        if (!Rfc3339.TryParse(fields.Ts, out timestamp, out var tsError))
        {
            return Rejections.BadTimestamp(fields.Ts, tsError);
        }

        if (type.IsCallEvent() && fields.CallId.IsEmpty)
        {
            return Rejections.CallIdRequired(type.WireName());
        }

        if (type.RequiresAgent() && fields.AgentId.IsEmpty)
        {
            return Rejections.AgentIdRequired(type.WireName());
        }

        if (type == EventType.CallQueued && fields.Queue.IsEmpty)
        {
            return Rejections.QueueRequired;
        }

        if (type is EventType.AgentLogin or EventType.AgentState)
        {
            if (fields.State.IsEmpty)
            {
                if (type == EventType.AgentState)
                {
                    return Rejections.StateRequired;
                }
            }
            else if (fields.State.SequenceEqual("not_ready"u8))
            {
                state = AgentChosenState.NotReady;
            }
            else if (!fields.State.SequenceEqual("available"u8))
            {
                return Rejections.BadState(fields.State);
            }
        }

        if (type == EventType.SurveyCompleted)
        {
            if (!fields.HasScore)
            {
                return Rejections.ScoreRequired;
            }

            if (fields.Score is < 1 or > 5)
            {
                return Rejections.ScoreOutOfRange;
            }

            score = (byte)fields.Score;
        }

        if (!fields.Direction.IsEmpty)
        {
            if (fields.Direction.SequenceEqual("outbound"u8))
            {
                outbound = true;
            }
            else if (!fields.Direction.SequenceEqual("inbound"u8))
            {
                return Rejections.BadDirection(fields.Direction);
            }
        }

        return DecodeResult.Ok;
    }

    /// <summary>
    /// A call or a caller is interned qualified by its tenant (<c>tenant U+0001 name</c>, see
    /// <see cref="EventDecoder.CallName"/>): its symbol then belongs to one tenant, hence to one engine, which may
    /// release it without touching another tenant's name of the same id. Tenants cannot contain U+0001. The result
    /// lives in a scratch buffer until the next call.
    /// </summary>
    private ReadOnlySpan<byte> Qualify(ReadOnlySpan<byte> tenant, ReadOnlySpan<byte> name)
    {
        var length = tenant.Length + 1 + name.Length;
        if (_qualified.Length < length)
        {
            _qualified = new byte[Math.Max(length, _qualified.Length * 2)];
        }

        var qualified = _qualified.AsSpan(0, length);
        tenant.CopyTo(qualified);
        qualified[tenant.Length] = QualifierSeparator;
        name.CopyTo(qualified[(tenant.Length + 1)..]);
        return qualified;
    }

    // The caches hold symbols that were live when cached: once any symbol is retired, start them afresh, so a
    // retired symbol is never handed out again (SymbolTable's release protocol). Retiring is rare; checking is a read.
    private void ForgetRetiredNames()
    {
        var generation = _symbols.Generation;
        if (generation != _generation)
        {
            _generation = generation;
            _defaultTenant = _symbols.Intern(EventDecoder.DefaultTenant);
            _tenants.Clear();
            _queues.Clear();
            _labels.Clear();
        }
    }
}
