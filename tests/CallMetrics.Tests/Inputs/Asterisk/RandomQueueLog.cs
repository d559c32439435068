using System.Globalization;

namespace CallMetrics.Tests.Inputs.Asterisk;

/// <summary>
/// Random queue_log lines for property tests: a handful of channels, members and queues, so calls meet, connect,
/// transfer and end, members join, pause and leave, with some lines out of order, some broken, a restart and a
/// jump of hours (calls forgotten). Deterministic per seed.
/// </summary>
internal static class RandomQueueLog
{
    private static readonly string[] Queues = ["sales", "support", "NONE"];
    private static readonly string[] Members = ["SIP/1001", "PJSIP/1002", "Local/1003@agents/n", "Agent/1004"];

    public static List<string> Lines(int seed, int count)
    {
        var random = new Random(seed);
        var lines = new List<string>(count);
        var t = 1_795_338_000L; // 2026-11-22T09:00:00Z
        for (var i = 0; i < count; i++)
        {
            t += random.Next(10) < 8 ? random.Next(0, 8) : random.Next(10) == 0 ? 7 * 3600 : random.Next(8, 40);
            var ts = random.Next(12) == 0 ? t - random.Next(1, 25) : t; // sometimes out of order, sometimes beyond the window
            var call = "1795338000." + random.Next(1, 7).ToString(CultureInfo.InvariantCulture);
            var queue = Queues[random.Next(Queues.Length - (random.Next(6) == 0 ? 0 : 1))];
            var member = Members[random.Next(Members.Length)];
            string Line(string callId, string q, string agent, string rest) =>
                string.Create(CultureInfo.InvariantCulture, $"{ts}|{callId}|{q}|{agent}|{rest}");
            lines.Add(random.Next(40) switch
            {
                < 6 => Line(call, queue, "NONE", $"ENTERQUEUE||+31{random.Next(100, 104)}|1"),
                < 11 => Line(call, queue, member, $"CONNECT|{random.Next(60)}|1795338100.9|{random.Next(5)}"),
                < 14 => Line(call, queue, member, $"COMPLETECALLER|5|{random.Next(300)}|1"),
                < 16 => Line(call, queue, member, $"COMPLETEAGENT|5|{random.Next(300)}|1"),
                < 17 => Line(call, queue, member, "BLINDTRANSFER|200|default|5|60|1"),
                < 18 => Line(call, queue, member, "ATTENDEDTRANSFER|BRIDGE|b1|5|60|1"),
                < 20 => Line(call, queue, "NONE", "ABANDON|1|1|30"),
                < 21 => Line(call, queue, "NONE", "EXITWITHTIMEOUT|1|1|60"),
                < 22 => Line(call, queue, member, "RINGNOANSWER|15000"),
                < 25 => Line("NONE", queue, member, random.Next(2) == 0 ? "ADDMEMBER|" : "ADDMEMBER|PAUSED"),
                < 26 => Line("NONE", queue, member, "REMOVEMEMBER|"),
                < 28 => Line("NONE", queue, member, random.Next(2) == 0 ? "PAUSE|Lunch" : "PAUSE|"),
                < 30 => Line("NONE", queue, member, "UNPAUSE|"),
                < 31 => Line("NONE", "NONE", member, "PAUSEALL|Break"),
                < 32 => Line("NONE", "NONE", member, "UNPAUSEALL|"),
                < 34 => Line("NONE", "NONE", member, "AGENTLOGIN|" + member),
                < 35 => Line("NONE", "NONE", member, "AGENTLOGOFF|" + member + "|600"),
                < 36 => Line("NONE", "NONE", "NONE", "QUEUESTART|"),
                < 37 => Line(call, queue, member, "CONNECT|soon|x|1"),
                < 38 => Line(call, queue, member, "JOINEMPTY|1"),
                < 39 => "not a queue_log line",
                _ => Line("REALTIME", queue, member, "CONFIGRELOAD|"),
            });
        }

        return lines;
    }
}
