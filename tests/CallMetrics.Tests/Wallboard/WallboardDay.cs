using System.Globalization;
using System.Text.Json;

namespace CallMetrics.Tests.Wallboard;

/// <summary>
/// A busy stretch of a contact center for the wallboard's tests: <c>queues</c> queues, <c>teams</c> teams and
/// <c>agents</c> agents, all logged in, taking calls (with holds, wrap-ups and breaks) for two hours that end a
/// minute before the wall clock, plus abandons and calls still waiting at the end. Fixed seed; every event has its
/// own millisecond, so the live view applies all of them. Also reads back, from the events alone, when each
/// agent's activity last changed: the independent truth of the agent cards.
/// </summary>
internal sealed class WallboardDay
{
    private static readonly string[] TeamNames = ["amber", "blue", "coral", "green", "indigo", "olive", "red", "teal", "umber", "violet"];
    private static readonly string[] QueueNames =
        ["billing", "claims", "collections", "loans", "mortgages", "onboarding", "orders", "returns", "sales", "support", "tech", "vip", "fraud", "travel", "insurance", "savings"];

    private readonly Random _random;
    private readonly List<(long Ms, string Type, (string Name, string Value)[] Fields)> _events = [];
    private int _calls;

    private WallboardDay(int seed) => _random = new Random(seed);

    /// <summary>The events in time order, as JSON lines.</summary>
    public IReadOnlyList<string> Lines { get; private set; } = [];

    /// <summary>The time of the last event (Unix ms).</summary>
    public long LastMs { get; private set; }

    public static WallboardDay Generate(DateTimeOffset wallClock, int queues = 12, int teams = 8, int agents = 60, int seed = 17)
    {
        var day = new WallboardDay(seed);
        var end = new DateTimeOffset(wallClock.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(-1);
        day.Build(end.AddHours(-2).ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), QueueNames[..queues], TeamNames[..teams], agents);
        return day;
    }

    /// <summary>
    /// When each agent's activity last changed, from the events: a login or state change, an answer (talk), a hold,
    /// a retrieve (talk again), the end or transfer of the call (wrap), the end of wrap-up (available).
    /// </summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> LastActivityChanges(IEnumerable<string> lines)
    {
        var changes = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            var type = e.GetProperty("type").GetString();
            if (type is "agent.login" or "agent.state" or "call.answered" or "call.held" or "call.retrieved" or "call.ended" or "call.transferred" or "wrap.ended"
                && e.TryGetProperty("agent_id", out var agent))
            {
                changes[agent.GetString()!] = DateTimeOffset.Parse(e.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture);
            }
        }

        return changes;
    }

    private void Build(long start, long end, string[] queues, string[] teams, int agentCount)
    {
        for (var i = 1; i <= agentCount; i++)
        {
            Agent($"a{i:D3}", teams[(i - 1) % teams.Length], start, end, queues);
        }

        // Callers who hang up in the queue, and callers still waiting at the end.
        for (var t = start + 30_000; t < end; t += _random.Next(40_000, 150_000))
        {
            var call = Arrive(t, queues[_random.Next(queues.Length)]);
            var hangUp = t + _random.Next(3_000, 120_000);
            if (hangUp < end)
            {
                Add(hangUp, "call.ended", ("call_id", call));
            }
        }

        for (var k = 0; k < queues.Length / 2; k++)
        {
            Arrive(end - _random.Next(5_000, 150_000), queues[_random.Next(queues.Length)]);
        }

        Finish(end);
    }

    private void Agent(string agent, string team, long start, long end, string[] queues)
    {
        var t = start + _random.Next(0, 300_000);
        Add(t, "agent.login", ("agent_id", agent), ("team", team));
        t += _random.Next(2_000, 60_000);
        while (t < end)
        {
            if (_random.NextDouble() < 0.12)
            {
                var reason = new[] { "break", "lunch", "training" }[_random.Next(3)];
                Add(t, "agent.state", ("agent_id", agent), ("state", "not_ready"), ("reason", reason));
                t += _random.Next(120_000, 600_000);
                Add(t, "agent.state", ("agent_id", agent), ("state", "available"));
                t += _random.Next(2_000, 30_000);
                continue;
            }

            // A call that waited in a queue is answered now; it may be held, then it ends and the agent wraps up.
            var waited = _random.NextDouble() < 0.8 ? _random.Next(1_000, 18_000) : _random.Next(18_000, 90_000);
            var call = Arrive(t - waited, queues[_random.Next(queues.Length)]);
            Add(t, "call.answered", ("call_id", call), ("agent_id", agent));
            t += _random.Next(40_000, 360_000);
            if (_random.NextDouble() < 0.3)
            {
                Add(t, "call.held", ("call_id", call), ("agent_id", agent));
                t += _random.Next(10_000, 90_000);
                Add(t, "call.retrieved", ("call_id", call), ("agent_id", agent));
                t += _random.Next(10_000, 120_000);
            }

            Add(t, "call.ended", ("call_id", call), ("agent_id", agent));
            t += _random.Next(5_000, 100_000); // under max_wrap (120 s): wrap-up always ends with wrap.ended
            Add(t, "wrap.ended", ("call_id", call), ("agent_id", agent));
            if (_random.NextDouble() < 0.35)
            {
                Add(t + _random.Next(30_000, 240_000), "survey.completed", ("call_id", call), ("score", _random.Next(1, 6).ToString(CultureInfo.InvariantCulture)));
            }

            t += _random.Next(5_000, 150_000);
        }
    }

    private string Arrive(long t, string queue)
    {
        var call = "c" + (++_calls).ToString(CultureInfo.InvariantCulture);
        Add(t - _random.Next(2_000, 20_000), "call.arrived", ("call_id", call));
        Add(t, "call.queued", ("call_id", call), ("queue", queue));
        return call;
    }

    private void Add(long ms, string type, params (string Name, string Value)[] fields) => _events.Add((ms, type, fields));

    private void Finish(long end)
    {
        // Events up to the end only (what happened so far), in time order, each on its own millisecond.
        var sorted = _events.Select((e, i) => (e, i)).Where(x => x.e.Ms <= end).OrderBy(x => x.e.Ms).ThenBy(x => x.i).Select(x => x.e).ToList();
        var lines = new List<string>(sorted.Count);
        var last = long.MinValue;
        var id = 0;
        foreach (var (ms, type, fields) in sorted)
        {
            last = Math.Max(ms, last + 1);
            lines.Add(ToJson(++id, last, type, fields));
        }

        Lines = lines;
        LastMs = last;
    }

    private static string ToJson(int id, long ms, string type, (string Name, string Value)[] fields)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", "w" + id.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("type", type);
            writer.WriteString("ts", DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            foreach (var (name, value) in fields)
            {
                if (name == "score")
                {
                    writer.WriteNumber(name, int.Parse(value, CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteString(name, value);
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
