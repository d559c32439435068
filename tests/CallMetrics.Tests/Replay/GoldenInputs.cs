using System.Globalization;
using System.Text;

namespace CallMetrics.Tests.Replay;

/// <summary>
/// Frozen, deterministic inputs for <see cref="ReplayGoldenTests"/>: a synthetic day of about a million events and a
/// mix of malformed, late, duplicate and out-of-order lines. They are written here, not taken from the simulator, so
/// that the recorded output hashes change only when the processor's output changes, never because a generator
/// learned something new. Do not edit: a change here invalidates every recorded hash.
/// </summary>
internal static class GoldenInputs
{
    private static readonly string[] Queues = ["sales", "support", "billing", "retention"];
    private static readonly string?[] Teams = ["blue", "green", "red", null];
    private static readonly string[] Dispositions = ["resolved", "sale", "escalated", "complaint", "callback", "info"];

    /// <summary>A 24-hour day of two tenants: about 1.0M events, in time order, one JSON object per line.</summary>
    public static void WriteDay(string path, int seed = 20261122, int agents = 4500, int calls = 185_000)
    {
        var random = new Random(seed);
        var events = new List<(long Ms, int Order, string Json)>(calls * 9);
        var start = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        const long Day = 86_400_000;

        var free = new Dictionary<string, PriorityQueue<string, long>> { ["default"] = new(), ["acme"] = new() };
        var shiftEnd = new Dictionary<string, long>();
        var order = 0;
        void Add(long ms, string json) => events.Add((ms, order++, json));

        for (var i = 1; i <= agents; i++)
        {
            var agent = "agent-" + i.ToString("D4", CultureInfo.InvariantCulture);
            var tenant = i % 5 == 0 ? "acme" : "default";
            var login = start + (long)(random.NextDouble() * (Day - (9 * 3_600_000L)));
            var end = login + random.Next(6 * 3_600_000, 9 * 3_600_000);
            shiftEnd[agent] = end;
            Add(login, Json("agent.login", login, tenant, ("agent_id", agent), ("team", Teams[i % Teams.Length]), ("state", "available")));
            if (random.NextDouble() < 0.6)
            {
                var pause = login + random.Next(3_600_000, 4 * 3_600_000);
                Add(pause, Json("agent.state", pause, tenant, ("agent_id", agent), ("state", "not_ready"), ("reason", random.NextDouble() < 0.5 ? "break" : "lunch")));
                var back = pause + random.Next(300_000, 2_400_000);
                Add(back, Json("agent.state", back, tenant, ("agent_id", agent), ("state", "available")));
            }

            if (random.NextDouble() < 0.9)
            {
                Add(end, Json("agent.logout", end, tenant, ("agent_id", agent)));
            }

            free[tenant].Enqueue(agent, login + 1000);
        }

        var arrivals = new long[calls];
        for (var c = 0; c < calls; c++)
        {
            arrivals[c] = start + (long)(random.NextDouble() * Day);
        }

        Array.Sort(arrivals);
        for (var c = 0; c < calls; c++)
        {
            var call = "call-" + (c + 1).ToString(CultureInfo.InvariantCulture);
            var tenant = random.NextDouble() < 0.2 ? "acme" : "default";
            var t = arrivals[c];
            if (random.NextDouble() < 0.85)
            {
                Add(t, Json("call.arrived", t, tenant, ("call_id", call), ("caller", "+31" + random.Next(100_000, 140_000).ToString(CultureInfo.InvariantCulture)), ("call_type", random.NextDouble() < 0.7 ? "general" : "billing")));
                t += random.Next(1000, 40_000);
                if (random.NextDouble() < 0.05)
                {
                    Add(t, Json("call.ended", t, tenant, ("call_id", call)));
                    continue;
                }
            }

            var queue = Queues[random.Next(Queues.Length)];
            Add(t, Json("call.queued", t, tenant, ("call_id", call), ("queue", queue)));
            var patience = random.Next(1000, 240_000);
            if (!TryTakeAgent(free[tenant], shiftEnd, t, patience, out var agent, out var answerAt))
            {
                Add(t + patience, Json("call.ended", t + patience, tenant, ("call_id", call)));
                continue;
            }

            var freeAt = Talk(random, Add, tenant, call, agent, answerAt, out var transferAt);
            free[tenant].Enqueue(agent, freeAt);
            if (transferAt is { } at)
            {
                var next = Queues[random.Next(Queues.Length)];
                var queuedAt = at + random.Next(500, 3000);
                Add(queuedAt, Json("call.queued", queuedAt, tenant, ("call_id", call), ("queue", next)));
                if (TryTakeAgent(free[tenant], shiftEnd, queuedAt, 90_000, out var other, out var secondAnswer))
                {
                    free[tenant].Enqueue(other, Talk(random, Add, tenant, call, other, secondAnswer, out _, allowTransfer: false));
                }
                else
                {
                    Add(queuedAt + 90_000, Json("call.ended", queuedAt + 90_000, tenant, ("call_id", call)));
                }
            }
        }

        events.Sort((a, b) => a.Ms != b.Ms ? a.Ms.CompareTo(b.Ms) : a.Order.CompareTo(b.Order));
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        var id = 0;
        foreach (var (_, _, json) in events)
        {
            writer.Write("{\"event_id\":\"g");
            writer.Write((++id).ToString(CultureInfo.InvariantCulture));
            writer.Write("\",");
            writer.Write(json);
            writer.Write('\n');
        }
    }

    /// <summary>
    /// The first events of <see cref="WriteDay"/>'s day with damage: lines swapped within the lateness, copies of
    /// earlier lines (some late, some not), events older than the watermark, and malformed lines of every kind.
    /// </summary>
    public static void WriteChaos(string dayPath, string path, int seed = 7, int take = 60_000)
    {
        var random = new Random(seed);
        var lines = File.ReadLines(dayPath).Take(take).ToList();

        // Out of order within the lateness: swap neighbours (the day has distinct enough times that this stays
        // within 60 s almost always; when it does not, the later one is late, which is part of the mix too).
        for (var i = 1; i < lines.Count; i++)
        {
            if (random.NextDouble() < 0.1)
            {
                (lines[i - 1], lines[i]) = (lines[i], lines[i - 1]);
            }
        }

        string[] malformed =
        [
            "{\"event_id\":\"bad-1\",\"type\":\"call.arrived\",",
            "{\"event_id\":\"bad-2\",\"type\":\"call.teleported\",\"ts\":\"2026-11-22T09:01:10Z\",\"call_id\":\"c1\"}",
            "{\"event_id\":\"bad-3\",\"type\":\"call.answered\",\"ts\":\"2026-11-22T09:01:40Z\",\"call_id\":\"c9\"}",
            "{\"event_id\":\"bad-4\",\"type\":\"agent.state\",\"ts\":\"22/11/2026 09:02\",\"agent_id\":\"a1\",\"state\":\"available\"}",
            "{\"event_id\":\"bad-5\",\"schema\":2,\"type\":\"agent.state\",\"ts\":\"2026-11-22T09:02:00Z\",\"agent_id\":\"a1\",\"state\":\"available\"}",
            "{\"event_id\":7,\"type\":\"agent.logout\",\"ts\":\"2026-11-22T09:02:00Z\",\"agent_id\":\"a1\"}",
            "{\"event_id\":\"bad-7\",\"type\":\"survey.completed\",\"ts\":\"2026-11-22T09:02:00Z\",\"call_id\":\"c1\",\"score\":9}",
            "[1,2,3]",
            "not json at all",
            "{\"event_id\":\"bad-10\",\"type\":\"agent.state\",\"ts\":\"2026-11-22T09:02:00Z\",\"agent_id\":\"a1\",\"state\":\"asleep\"}",
        ];

        var output = new List<string>(lines.Count + 2000);
        for (var i = 0; i < lines.Count; i++)
        {
            output.Add(lines[i]);
            var roll = random.NextDouble();
            if (roll < 0.01 && i > 10)
            {
                output.Add(lines[i - random.Next(1, Math.Min(i, 400))]); // a copy of an earlier line
            }
            else if (roll < 0.015)
            {
                output.Add(malformed[random.Next(malformed.Length)]);
            }
            else if (roll < 0.018 && i > 2000)
            {
                // An event well behind the watermark: an earlier line with a new id.
                var old = lines[i - random.Next(1500, 2000)];
                output.Add(old.Replace("{\"event_id\":\"g", "{\"event_id\":\"late-g", StringComparison.Ordinal));
            }
            else if (roll < 0.019)
            {
                output.Add(string.Empty); // blank lines are skipped
            }
        }

        File.WriteAllLines(path, output, new UTF8Encoding(false));
    }

    private static bool TryTakeAgent(PriorityQueue<string, long> free, Dictionary<string, long> shiftEnd, long queuedAt, long patience, out string agent, out long answerAt)
    {
        while (free.TryPeek(out agent!, out var freeAt))
        {
            if (freeAt > queuedAt + patience)
            {
                break;
            }

            free.Dequeue();
            var at = Math.Max(queuedAt + 2000, freeAt);
            if (shiftEnd[agent] > at + 1_200_000)
            {
                answerAt = at;
                return true;
            }

            // The agent's shift is about over: they take no more calls.
        }

        agent = string.Empty;
        answerAt = 0;
        return false;
    }

    private static long Talk(Random random, Action<long, string> add, string tenant, string call, string agent, long t, out long? transferAt, bool allowTransfer = true)
    {
        add(t, Json("call.answered", t, tenant, ("call_id", call), ("agent_id", agent)));
        t += random.Next(20_000, 600_000);
        if (random.NextDouble() < 0.3)
        {
            add(t, Json("call.held", t, tenant, ("call_id", call), ("agent_id", agent)));
            t += random.Next(5000, 90_000);
            if (random.NextDouble() < 0.8)
            {
                add(t, Json("call.retrieved", t, tenant, ("call_id", call), ("agent_id", agent)));
                t += random.Next(5000, 60_000);
            }
        }

        var transfer = allowTransfer && random.NextDouble() < 0.1;
        add(t, transfer
            ? Json("call.transferred", t, tenant, ("call_id", call), ("agent_id", agent), ("to_queue", Queues[random.Next(Queues.Length)]))
            : Json("call.ended", t, tenant, ("call_id", call), ("agent_id", agent)));
        transferAt = transfer ? t : null;
        var wrap = random.Next(0, 150_000);
        if (random.NextDouble() < 0.85)
        {
            add(t + wrap, random.NextDouble() < 0.5
                ? Json("wrap.ended", t + wrap, tenant, ("call_id", call), ("agent_id", agent), ("disposition", Dispositions[random.Next(Dispositions.Length)]))
                : Json("wrap.ended", t + wrap, tenant, ("call_id", call), ("agent_id", agent)));
        }

        if (!transfer && random.NextDouble() < 0.2)
        {
            var surveyAt = t + random.Next(60_000, 300_000);
            add(surveyAt, Json("survey.completed", surveyAt, tenant, ("call_id", call), ("score", random.Next(1, 6).ToString(CultureInfo.InvariantCulture))));
        }

        return t + Math.Min(wrap, 120_000) + 1000;
    }

    private static string Json(string type, long ms, string tenant, params (string Name, string? Value)[] fields)
    {
        var sb = new StringBuilder(160);
        sb.Append("\"type\":\"").Append(type).Append("\",\"ts\":\"")
            .Append(DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append('"');
        if (tenant != "default")
        {
            sb.Append(",\"tenant\":\"").Append(tenant).Append('"');
        }

        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                continue;
            }

            // Scores are numbers; everything else is a string.
            sb.Append(",\"").Append(name).Append("\":");
            if (name == "score")
            {
                sb.Append(value);
            }
            else
            {
                sb.Append('"').Append(value).Append('"');
            }
        }

        return sb.Append('}').ToString();
    }
}
