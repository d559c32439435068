using System.Text.Json;
using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

/// <summary>
/// METRICS.md's repeat contacts, computed independently of the core for the simulator's output: a contact is an
/// inbound call with a caller that had an answered leg and ended (E = its first <c>call.ended</c> after an answer);
/// a call D repeats it when D is another inbound call of the same (tenant, caller) whose first event S has
/// E &lt;= S &lt; E + window.
/// </summary>
internal sealed class RepeatContacts
{
    private readonly Dictionary<string, Call> _calls = new(StringComparer.Ordinal);

    public void Add(IEnumerable<SimulatedEvent> events)
    {
        foreach (var e in events)
        {
            using var json = JsonDocument.Parse(e.Json);
            var root = json.RootElement;
            var type = root.GetProperty("type").GetString();
            if (!root.TryGetProperty("call_id", out var id))
            {
                continue;
            }

            if (!_calls.TryGetValue(id.GetString()!, out var call))
            {
                var tenant = root.TryGetProperty("tenant", out var t) ? t.GetString()! : "default";
                _calls[id.GetString()!] = call = new Call { Tenant = tenant, StartNs = e.TimestampNanoseconds };
            }

            switch (type)
            {
                case "call.arrived":
                    call.Caller = root.TryGetProperty("caller", out var caller) ? caller.GetString() : null;
                    call.Outbound = root.TryGetProperty("direction", out var direction) && direction.GetString() == "outbound";
                    break;
                case "call.answered":
                    call.Answered = true;
                    break;
                case "call.ended" when call.Answered && call.EndNs is null:
                    call.EndNs = e.TimestampNanoseconds;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Inbound calls with a caller whose first event is at or after <paramref name="fromNs"/>, and how many of them repeat a contact.</summary>
    public (int Calls, int Repeats) Count(long fromNs, TimeSpan window)
    {
        var windowNs = (long)window.TotalMilliseconds * 1_000_000;
        var contactEnds = _calls.Values
            .Where(c => c.TakesPart && c.EndNs is not null)
            .ToLookup(c => (c.Tenant, c.Caller), c => (c, c.EndNs!.Value));
        int calls = 0, repeats = 0;
        foreach (var d in _calls.Values.Where(c => c.TakesPart && c.StartNs >= fromNs))
        {
            calls++;
            if (contactEnds[(d.Tenant, d.Caller)].Any(c => !ReferenceEquals(c.Item1, d) && c.Item2 <= d.StartNs && d.StartNs < c.Item2 + windowNs))
            {
                repeats++;
            }
        }

        return (calls, repeats);
    }

    private sealed class Call
    {
        public required string Tenant { get; init; }

        public long StartNs { get; init; }

        public string? Caller { get; set; }

        public bool Outbound { get; set; }

        public bool Answered { get; set; }

        public long? EndNs { get; set; }

        /// <summary>METRICS: only inbound calls with a caller take part, as contacts and as repeats.</summary>
        public bool TakesPart => !Outbound && Caller is not null;
    }
}
