using System.Text;
using System.Text.Json.Nodes;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Tests.Hostile;

/// <summary>
/// A fixed-seed stream: a small, clean contact-center day (every call ends, every wrap ends, every agent logs
/// out; names full of line-protocol syntax) with thousands of hostile messages between its events, each one
/// classified by the test's own oracle: <see cref="EventDecoder"/> for what it makes of the bytes, and the
/// engine's time rules for the deliberately skewed events.
/// </summary>
internal sealed class HostileStream
{
    /// <summary>Names of agents, teams, queues and tenants of the good events: line-protocol syntax, quotes, backslashes, unicode.</summary>
    public static readonly string[] NastyNames = ["a,b=c d", "q \"x\",y=z", "é😀 \\agent", "t=\"x\" y\\z", "te am,kind=rolling"];

    private static readonly string[] s_injections = ["x\ny", "a\r\nagent_metrics,agent=evil handled=99i", "evil\\", "x\u0000", "tab\there", "x\u007f", "x\\\\"];

    private static readonly string[] s_fields = ["event_id", "type", "ts", "tenant", "call_id", "agent_id", "queue", "team", "state", "score", "schema", "to_queue", "direction"];

    private readonly Random _random;
    private readonly SymbolTable _symbols = new();
    private readonly EventDecoder _oracle;
    private readonly List<HostileMessage> _messages = [];
    private int _rerolled;

    private HostileStream(int seed)
    {
        _random = new Random(seed);
        _oracle = new EventDecoder(_symbols);
    }

    /// <summary>Every message in the order sent: good events, with hostile ones between them.</summary>
    public IReadOnlyList<HostileMessage> Messages => _messages;

    /// <summary>The good events alone (no duplicates), in order: what the expected series are computed from.</summary>
    public IReadOnlyList<string> GoodEvents { get; private set; } = [];

    /// <summary>The time of the last good event.</summary>
    public DateTimeOffset End { get; private set; }

    /// <summary>Mutations that still decoded into a different event and were drawn again (for the test's diagnostics).</summary>
    public int Rerolled => _rerolled;

    public IEnumerable<HostileMessage> Bad => _messages.Where(m => m.ExpectedReason is not null);

    /// <summary>Builds the stream: about <paramref name="hostilePerGood"/> hostile messages per good event, on average.</summary>
    public static HostileStream Generate(int seed, int rounds, double hostilePerGood)
    {
        var stream = new HostileStream(seed);
        var (good, end) = GoodDay(rounds);
        stream.GoodEvents = good;
        stream.End = end;
        for (var i = 0; i < good.Count; i++)
        {
            stream._messages.Add(new HostileMessage(Encoding.UTF8.GetBytes(good[i]), null, HostileKind.Good));
            var count = stream._random.Next(0, (int)Math.Round(hostilePerGood * 2) + 1);
            for (var k = 0; k < count; k++)
            {
                stream._messages.Add(stream.NextHostile(good[stream._random.Next(0, i + 1)], good[i]));
            }
        }

        return stream;
    }

    /// <summary>A clean day in three tenants: logins, calls (some abandoned, some held, some surveyed), logouts; times strictly increasing.</summary>
    private static (List<string> Lines, DateTimeOffset End) GoodDay(int rounds)
    {
        string?[] tenants = [null, NastyNames[3], "acme, inc"];
        string[] agents = ["a1", NastyNames[0], NastyNames[2]];
        string[] teams = ["blue", NastyNames[4]];
        string[] queues = ["sales", NastyNames[1]];
        var s = Scenario.Create().At("09:00");
        foreach (var tenant in tenants)
        {
            for (var a = 0; a < agents.Length; a++)
            {
                s.Login(agents[a], team: teams[a % teams.Length], tenant: tenant).After(TimeSpan.FromSeconds(1));
            }
        }

        var n = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var tenant in tenants)
            {
                foreach (var agent in agents)
                {
                    var call = $"c{++n}";
                    s.Arrived(call, tenant: tenant).After(TimeSpan.FromSeconds(5)).Queued(call, queues[n % queues.Length], tenant: tenant).After(TimeSpan.FromSeconds(3 + (n % 13)));
                    if (n % 7 == 3)
                    {
                        s.Ended(call, tenant: tenant).After(TimeSpan.FromSeconds(2)); // abandoned
                        continue;
                    }

                    s.Answered(call, agent, tenant: tenant).After(TimeSpan.FromSeconds(30 + (n % 11)));
                    if (n % 4 == 0)
                    {
                        s.Held(call, agent, tenant: tenant).After(TimeSpan.FromSeconds(10)).Retrieved(call, agent, tenant: tenant).After(TimeSpan.FromSeconds(10));
                    }

                    s.Ended(call, agent, tenant: tenant).After(TimeSpan.FromSeconds(15)).WrapEnded(call, agent, tenant: tenant).After(TimeSpan.FromSeconds(3));
                    if (n % 3 == 0)
                    {
                        s.Survey(call, 1 + (n % 5), agent, tenant: tenant).After(TimeSpan.FromSeconds(1));
                    }
                }
            }
        }

        foreach (var tenant in tenants)
        {
            foreach (var agent in agents)
            {
                s.Logout(agent, tenant: tenant).After(TimeSpan.FromSeconds(1));
            }
        }

        return ([.. s.Lines], s.Now.AddSeconds(-1));
    }

    private HostileMessage NextHostile(string original, string latest)
    {
        while (true)
        {
            var kind = (HostileKind)_random.Next((int)HostileKind.Truncated, (int)HostileKind.TimeShifted + 1);
            var value = Mutate(kind, original);
            if (kind != HostileKind.Tombstone)
            {
                // Replay reads lines: a raw line break would split one message into two.
                for (var i = 0; i < value.Length; i++)
                {
                    if (value[i] is (byte)'\n' or (byte)'\r')
                    {
                        value[i] = (byte)' ';
                    }
                }
            }

            var decoded = _oracle.Decode(value, out var e);
            if (!decoded.IsOk)
            {
                return new HostileMessage(value, decoded.Reason.Code(), kind);
            }

            if (kind == HostileKind.TimeShifted)
            {
                // Valid, but ten years ahead or 25 years behind the day: the engine's time rules reject it.
                return new HostileMessage(value, e.Timestamp > Rfc3339Nanos(End) ? RejectReason.TooFarAhead.Code() : RejectReason.Late.Code(), kind);
            }

            _oracle.Decode(Encoding.UTF8.GetBytes(original), out var source).IsOk.Should().BeTrue();
            if (Same(e, source))
            {
                // Still a valid event, and the very event it came from: a duplicate of it, or late when it is older than
                // the watermark (the latest good event's time less the 60 s lateness), since late is decided first (METRICS).
                _oracle.Decode(Encoding.UTF8.GetBytes(latest), out var newest).IsOk.Should().BeTrue();
                var late = e.Timestamp < newest.Timestamp - (60L * 1_000_000_000);
                return new HostileMessage(value, late ? RejectReason.Late.Code() : null, HostileKind.Duplicate);
            }

            // Still valid but a different event (a flipped bit in an id, a deleted optional field): not hostile,
            // and its effect would depend on where it lands. The oracle calls it good; the test sends only what
            // it can account for exactly, so it draws again.
            _rerolled++;
        }
    }

    private byte[] Mutate(HostileKind kind, string original)
    {
        var bytes = Encoding.UTF8.GetBytes(original);
        switch (kind)
        {
            case HostileKind.Truncated:
                return bytes[.._random.Next(0, bytes.Length - 1)];
            case HostileKind.BitFlipped:
                for (int flips = _random.Next(1, 5), f = 0; f < flips; f++)
                {
                    bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
                }

                return bytes;
            case HostileKind.FieldDeleted:
            {
                var json = JsonNode.Parse(original)!.AsObject();
                var names = json.Select(p => p.Key).ToList();
                json.Remove(names[_random.Next(names.Count)]);
                return Encoding.UTF8.GetBytes(json.ToJsonString());
            }

            case HostileKind.TypeSwapped:
            {
                var json = JsonNode.Parse(original)!.AsObject();
                JsonNode?[] values = [42, 1.5, -1, true, false, new JsonArray(), new JsonObject(), new JsonArray(new JsonArray(1)), "", 99999999999L];
                json[s_fields[_random.Next(s_fields.Length)]] = values[_random.Next(values.Length)]?.DeepClone();
                return Encoding.UTF8.GetBytes(json.ToJsonString());
            }

            case HostileKind.HugeValue:
            {
                var json = JsonNode.Parse(original)!.AsObject();
                string[] targets = ["agent_id", "queue", "team", "tenant", "event_id", "ts", "caller", "extra"];
                json[targets[_random.Next(targets.Length)]] = new string('x', _random.Next(2000, _random.Next(0, 20) == 0 ? 300_000 : 20_000));
                return Encoding.UTF8.GetBytes(json.ToJsonString());
            }

            case HostileKind.DeeplyNested:
            {
                var depth = _random.Next(65, 5000);
                var text = original[..^1] + ",\"extra\":" + new string('[', depth) + new string(']', depth) + "}";
                return Encoding.UTF8.GetBytes(text);
            }

            case HostileKind.InjectedName:
            {
                var json = JsonNode.Parse(original)!.AsObject();
                string[] targets = ["agent_id", "queue", "team", "tenant", "to_queue"];
                json[targets[_random.Next(targets.Length)]] = s_injections[_random.Next(s_injections.Length)];
                return Encoding.UTF8.GetBytes(json.ToJsonString());
            }

            case HostileKind.RandomBytes:
            {
                var random = new byte[_random.Next(1, 300)];
                _random.NextBytes(random);
                return random;
            }

            case HostileKind.InvalidUtf8:
            {
                byte[] bad = [0xFF, 0xC0, 0x80, 0xED, 0xF8];
                var at = _random.Next(1, bytes.Length - 1);
                return [.. bytes[..at], bad[_random.Next(bad.Length)], .. bytes[at..]];
            }

            case HostileKind.DuplicateKey:
            {
                var field = s_fields[_random.Next(0, 7)];
                return Encoding.UTF8.GetBytes(original[..^1] + $",\"{field}\":\"x\"}}");
            }

            case HostileKind.Tombstone:
                return [];
            case HostileKind.Handcrafted:
            {
                string[] cases =
                [
                    " ", "[]", "[" + original + "]", "null", "NaN", "{}", "\"" + original + "\"", original + "garbage", original + original,
                    original.Replace("\"type\":\"", "\"schema\":2,\"type\":\"", StringComparison.Ordinal),
                    original.Replace("\"type\":\"", "\"type\":\"x.", StringComparison.Ordinal),
                    original.Replace("\"ts\":\"2026-11-22T", "\"ts\":\"2026-13-45T", StringComparison.Ordinal),
                    original.Replace("\"ts\":\"2026-11-22T", "\"ts\":\"yesterday ", StringComparison.Ordinal),
                    original.Replace("Z\"", "\"", StringComparison.Ordinal),
                    original.Replace("\"ts\":\"2026", "\"ts\":\"9999", StringComparison.Ordinal),
                    original[..^1] + ",\"score\":NaN}",
                    original[..^1] + ",\"score\":Infinity}",
                    original[..^1] + ",\"state\":\"sleeping\",\"score\":9}",
                    "{\"event_id\":\"s1\",\"type\":\"agent.state\",\"ts\":\"2026-11-22T09:30:00Z\",\"agent_id\":\"a1\",\"state\":\"sleeping\"}",
                    original[..^1] + "/* comment */}",
                    original[..^1] + ",}",
                ];
                var chosen = cases[_random.Next(cases.Length)];
                return _random.Next(0, 8) == 0 ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(original)] : Encoding.UTF8.GetBytes(chosen);
            }

            case HostileKind.TimeShifted:
            {
                var json = JsonNode.Parse(original)!.AsObject();
                json["event_id"] = "skewed-" + _random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var ts = (string)json["ts"]!;
                json["ts"] = _random.Next(0, 2) == 0 ? "2036" + ts[4..] : "2001" + ts[4..];
                return Encoding.UTF8.GetBytes(json.ToJsonString());
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static long Rfc3339Nanos(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    private static bool Same(in CanonicalEvent a, in CanonicalEvent b) =>
        a.Type == b.Type && a.Timestamp == b.Timestamp && a.Tenant == b.Tenant && a.Call == b.Call && a.Agent == b.Agent
        && a.Queue == b.Queue && a.Team == b.Team && a.Reason == b.Reason && a.CallType == b.CallType && a.State == b.State
        && a.Score == b.Score && a.Outbound == b.Outbound && a.Id.Equals(b.Id);
}
