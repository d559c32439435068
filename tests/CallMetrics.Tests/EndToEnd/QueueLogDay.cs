using System.Globalization;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// A clean Asterisk queue_log of a working day, in time order: members join both queues, calls enter, connect to the
/// member free first (or abandon when none is free soon), complete, and the member rests through the queue's wrap-up;
/// members leave at the end. Calls overlap, so any cut of the stream falls inside open calls. Deterministic per seed.
/// </summary>
internal static class QueueLogDay
{
    private static readonly string[] Queues = ["sales", "support"];

    /// <summary>The lines (no newline), starting at <paramref name="start"/>.</summary>
    public static List<string> Lines(DateTimeOffset start, int agents, int calls, TimeSpan wrapUp, int seed)
    {
        var random = new Random(seed);
        var lines = new List<(long At, string Line)>();
        void Add(long at, string callId, string queue, string agent, string rest) =>
            lines.Add((at, string.Create(CultureInfo.InvariantCulture, $"{at}|{callId}|{queue}|{agent}|{rest}")));

        var t0 = start.ToUnixTimeSeconds();
        var free = new long[agents];
        for (var a = 0; a < agents; a++)
        {
            foreach (var queue in Queues)
            {
                Add(t0 + a, "MANAGER", queue, Member(a), "ADDMEMBER|");
            }

            free[a] = t0 + 60;
        }

        var t = t0 + 120;
        var wrap = (long)wrapUp.TotalSeconds;
        for (var i = 0; i < calls; i++)
        {
            t += random.Next(3, 30);
            var call = string.Create(CultureInfo.InvariantCulture, $"{t}.{i}");
            var queue = Queues[random.Next(Queues.Length)];
            Add(t, call, queue, "NONE", string.Create(CultureInfo.InvariantCulture, $"ENTERQUEUE||+3120555{i % 1000:000}|1"));
            var agent = Array.IndexOf(free, free.Min());
            var connect = Math.Max(t + random.Next(2, 10), free[agent]);
            var waited = connect - t;
            if (waited > 90)
            {
                var gaveUp = random.Next(20, 90);
                Add(t + gaveUp, call, queue, "NONE", string.Create(CultureInfo.InvariantCulture, $"ABANDON|1|1|{gaveUp}"));
                continue;
            }

            var talk = random.Next(30, 400);
            Add(connect, call, queue, Member(agent), string.Create(CultureInfo.InvariantCulture, $"CONNECT|{waited}|{call}1|{random.Next(1, 8)}"));
            var ended = random.Next(2) == 0 ? "COMPLETECALLER" : "COMPLETEAGENT";
            Add(connect + talk, call, queue, Member(agent), string.Create(CultureInfo.InvariantCulture, $"{ended}|{waited}|{talk}|1"));
            free[agent] = connect + talk + wrap + random.Next(0, 10);
        }

        var end = Math.Max(free.Max(), lines.Max(l => l.At)) + 60;
        for (var a = 0; a < agents; a++)
        {
            foreach (var queue in Queues)
            {
                Add(end + a, "MANAGER", queue, Member(a), "REMOVEMEMBER|");
            }
        }

        return [.. lines.OrderBy(l => l.At).Select(l => l.Line)];
    }

    private static string Member(int agent) => string.Create(CultureInfo.InvariantCulture, $"PJSIP/{1001 + agent}");
}
