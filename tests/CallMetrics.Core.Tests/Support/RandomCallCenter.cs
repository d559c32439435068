using System.Globalization;
using System.Text.Json;

namespace CallMetrics.Core.Tests.Support;

/// <summary>
/// A small random event-stream generator for property tests (fixed seeds): agents log in and out,
/// change state, take calls with IVR, queue waits, abandons, holds, transfers, wraps (sometimes
/// without wrap.ended) and surveys. Every event gets a distinct millisecond timestamp, so any arrival
/// order within the lateness must give the result of the sorted input. Also returns the independent
/// truth the property tests check against (logged-in time per agent).
/// </summary>
public sealed class RandomCallCenter
{
    private readonly Random _random;
    private readonly List<(long Ms, string Type, (string Name, object? Value)[] Fields)> _events = [];
    private readonly Dictionary<string, long> _freeAt = [];
    private bool _everyoneLogsOut;

    private RandomCallCenter(int seed) => _random = new Random(seed);

    /// <summary>The events in time order, as JSON lines.</summary>
    public IReadOnlyList<string> Lines { get; private set; } = [];

    /// <summary>The event times (Unix ms) of <see cref="Lines"/>.</summary>
    public IReadOnlyList<long> Times { get; private set; } = [];

    /// <summary>Logged-in time per agent, in seconds, from login/logout pairs up to the last event.</summary>
    public IReadOnlyDictionary<string, double> LoggedInSeconds { get; private set; } = new Dictionary<string, double>();

    public static RandomCallCenter Generate(int seed, int agents = 12, int calls = 60, bool everyoneLogsOut = false)
    {
        var generator = new RandomCallCenter(seed) { _everyoneLogsOut = everyoneLogsOut };
        generator.Build(agents, calls);
        return generator;
    }

    private void Build(int agentCount, int callCount)
    {
        var start = new DateTimeOffset(2026, 11, 22, 8, 50, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var teams = new[] { "blue", "green", null };
        var queues = new[] { "sales", "support", "billing" };
        var agents = Enumerable.Range(1, agentCount).Select(i => $"a{i}").ToArray();
        var freeAt = _freeAt;
        var shiftEnd = new Dictionary<string, long>();
        foreach (var agent in agents)
        {
            var login = start + _random.Next(0, 600_000);
            freeAt[agent] = login + 1000;
            shiftEnd[agent] = login + _random.Next(1_800_000, 5_400_000);
            Add(login, "agent.login", ("agent_id", agent), ("team", teams[_random.Next(teams.Length)]));
            var breakAt = login + _random.Next(300_000, 1_500_000);
            if (_random.NextDouble() < 0.5)
            {
                // A break: not ready for a while, then available again.
                Add(breakAt, "agent.state", ("agent_id", agent), ("state", "not_ready"), ("reason", "break"));
                Add(breakAt + _random.Next(60_000, 600_000), "agent.state", ("agent_id", agent), ("state", "available"));
            }

            if (_everyoneLogsOut || _random.NextDouble() < 0.8)
            {
                Add(shiftEnd[agent], "agent.logout", ("agent_id", agent));
            }
            else
            {
                shiftEnd[agent] = long.MaxValue; // still logged in at the end of input
            }
        }

        for (var c = 1; c <= callCount; c++)
        {
            var call = $"c{c}";
            var arrive = start + _random.Next(0, 3_600_000);
            var t = arrive;
            if (_random.NextDouble() < 0.8)
            {
                Add(t, "call.arrived", ("call_id", call), ("call_type", "general"));
                t += _random.Next(1000, 40_000);
                if (_random.NextDouble() < 0.05)
                {
                    Add(t, "call.ended", ("call_id", call)); // ends in the IVR
                    continue;
                }
            }

            var queue = queues[_random.Next(queues.Length)];
            Add(t, "call.queued", ("call_id", call), ("queue", queue));
            var patience = _random.Next(1000, 120_000);
            var agent = agents.Where(a => freeAt[a] <= t + patience && shiftEnd[a] > t + patience + 450_000)
                .OrderBy(a => freeAt[a]).FirstOrDefault();
            if (agent is null || _random.NextDouble() < 0.05)
            {
                Add(t + patience, "call.ended", ("call_id", call)); // abandon (short ones included)
                continue;
            }

            t = Math.Max(t + _random.Next(500, Math.Max(1000, patience / 2)), freeAt[agent]);
            t = TakeCall(call, agent, t, queue, out var ended);
            if (!ended && _random.NextDouble() < 0.5)
            {
                // Transferred to another queue, answered there by another free agent.
                var other = agents.Where(a => a != agent && freeAt[a] <= t + 30_000 && shiftEnd[a] > t + 700_000).OrderBy(a => freeAt[a]).FirstOrDefault();
                var next = queues[_random.Next(queues.Length)];
                t += _random.Next(500, 3000);
                Add(t, "call.queued", ("call_id", call), ("queue", next));
                if (other is null)
                {
                    Add(t + _random.Next(1000, 60_000), "call.ended", ("call_id", call));
                    continue;
                }

                t = Math.Max(t + 500, freeAt[other]);
                TakeCall(call, other, t, next, out _, allowTransfer: false);
            }
        }

        Finish();
    }

    private long TakeCall(string call, string agent, long t, string queue, out bool ended, bool allowTransfer = true)
    {
        Add(t, "call.answered", ("call_id", call), ("agent_id", agent));
        t += _random.Next(20_000, 300_000);
        if (_random.NextDouble() < 0.3)
        {
            Add(t, "call.held", ("call_id", call), ("agent_id", agent));
            t += _random.Next(5000, 90_000);
            if (_random.NextDouble() < 0.8)
            {
                Add(t, "call.retrieved", ("call_id", call), ("agent_id", agent));
                t += _random.Next(5000, 60_000);
            }
        }

        ended = !allowTransfer || _random.NextDouble() < 0.7;
        Add(t, ended ? "call.ended" : "call.transferred", ("call_id", call), ("agent_id", agent));
        var connectionEnd = t;
        var wrap = _random.Next(0, 150_000);
        if (_random.NextDouble() < 0.85)
        {
            Add(connectionEnd + wrap, "wrap.ended", ("call_id", call), ("agent_id", agent));
        }

        if (ended && _random.NextDouble() < 0.3)
        {
            Add(connectionEnd + _random.Next(60_000, 300_000), "survey.completed", ("call_id", call), ("score", _random.Next(1, 6)));
        }

        // The agent is free after wrap (max_wrap 120 s bounds it).
        _freeAt[agent] = connectionEnd + Math.Min(wrap, 120_000) + 1000;
        return t;
    }

    private void Add(long ms, string type, params (string Name, object? Value)[] fields) => _events.Add((ms, type, fields));

    private void Finish()
    {
        // Stable sort by time, then make every timestamp distinct (shifting forward keeps the order).
        var sorted = _events.Select((e, i) => (e, i)).OrderBy(x => x.e.Ms).ThenBy(x => x.i).Select(x => x.e).ToList();
        var lines = new List<string>(sorted.Count);
        var times = new List<long>(sorted.Count);
        var last = long.MinValue;
        var loginAt = new Dictionary<string, long>();
        var loggedIn = new Dictionary<string, double>();
        var id = 0;
        foreach (var (ms, type, fields) in sorted)
        {
            var t = Math.Max(ms, last + 1);
            last = t;
            times.Add(t);
            lines.Add(ToJson(++id, t, type, fields));
            var agent = fields.FirstOrDefault(f => f.Name == "agent_id").Value as string;
            if (type == "agent.login" && agent is not null)
            {
                loginAt[agent] = t;
            }
            else if (type == "agent.logout" && agent is not null && loginAt.Remove(agent, out var since))
            {
                loggedIn[agent] = loggedIn.GetValueOrDefault(agent) + ((t - since) / 1000.0);
            }
        }

        foreach (var (agent, since) in loginAt)
        {
            loggedIn[agent] = loggedIn.GetValueOrDefault(agent) + ((last - since) / 1000.0);
        }

        Lines = lines;
        Times = times;
        LoggedInSeconds = loggedIn;
    }

    private static string ToJson(int id, long ms, string type, (string Name, object? Value)[] fields)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", "r" + id.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("type", type);
            writer.WriteString("ts", DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            foreach (var (name, value) in fields)
            {
                switch (value)
                {
                    case string s: writer.WriteString(name, s); break;
                    case int n: writer.WriteNumber(name, n); break;
                    default: break;
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
