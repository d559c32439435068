namespace CallMetrics.Inputs.Asterisk;

/// <summary>
/// The caller channels seen recently, by uniqueid. Calls with no line for <see cref="Retention"/> of input time are
/// forgotten, so a long-running service does not keep every call it has seen; a uniqueid seen again after that starts
/// over as a new call with the same id.
/// </summary>
internal sealed class QueueLogCalls
{
    /// <summary>How long a call with no queue_log line is remembered (input time): 6 h, longer than any queue call.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(6);

    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, QueueLogCall> _calls = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>
    /// The call of <paramref name="uniqueId"/>, seen at <paramref name="seen"/>. <paramref name="started"/> is true when
    /// this starts a canonical call: the channel is new, or its previous call ended (then it gets the next suffix).
    /// </summary>
    public QueueLogCall Open(string uniqueId, DateTimeOffset seen, out bool started)
    {
        if (!_calls.TryGetValue(uniqueId, out var call))
        {
            call = new QueueLogCall(uniqueId) { LastSeen = seen };
            _calls.Add(uniqueId, call);
            started = true;
            return call;
        }

        call.LastSeen = seen;
        started = call.Ended;
        if (call.Ended)
        {
            // The caller left a queue (or an agent) and the same channel shows up again, e.g. EXITWITHTIMEOUT
            // to another queue: the canonical call has ended, so this is a new call with a suffixed id.
            call.StartNextSegment();
        }

        return call;
    }

    /// <summary>Calls that have not ended, by uniqueid in ordinal order (so the output does not depend on hashing).</summary>
    public IEnumerable<QueueLogCall> Open() =>
        _calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value).Where(c => !c.Ended);

    /// <summary>Forgets the calls idle for <see cref="Retention"/> before <paramref name="latest"/>, at most every 10 minutes of input time.</summary>
    public void ForgetIdle(DateTimeOffset latest)
    {
        if (latest < _nextSweep)
        {
            return;
        }

        var cutoff = latest - Retention;
        List<string>? idle = null;
        foreach (var (id, call) in _calls)
        {
            if (call.LastSeen < cutoff)
            {
                (idle ??= []).Add(id);
            }
        }

        foreach (var id in idle ?? [])
        {
            _calls.Remove(id);
        }

        _nextSweep = latest + SweepEvery;
    }

    public void Write(BinaryWriter writer)
    {
        TranslatorState.Write(writer, _nextSweep);
        writer.Write7BitEncodedInt(_calls.Count);
        foreach (var (_, call) in _calls.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            call.Write(writer);
        }
    }

    public void Read(BinaryReader reader)
    {
        _calls.Clear();
        _nextSweep = TranslatorState.ReadTime(reader);
        var count = TranslatorState.ReadCount(reader);
        for (var i = 0; i < count; i++)
        {
            var call = QueueLogCall.Read(reader);
            if (!_calls.TryAdd(call.UniqueId, call))
            {
                throw new InvalidDataException($"translator state holds call '{call.UniqueId}' twice");
            }
        }
    }
}
