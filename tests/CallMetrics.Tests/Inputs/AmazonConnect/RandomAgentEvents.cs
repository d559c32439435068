using System.Globalization;

namespace CallMetrics.Tests.Inputs.AmazonConnect;

/// <summary>
/// Random Amazon Connect agent event records for property tests: three agents logging in and out, changing status,
/// taking, holding, ending and clearing voice contacts (inbound, outbound, queued long ago), with some records late,
/// some without a previous snapshot, some chat contacts and some broken lines. Deterministic per seed.
/// </summary>
internal static class RandomAgentEvents
{
    private static readonly (string Name, string Type)[] Statuses = [("Available", "ROUTABLE"), ("Break", "CUSTOM"), ("Lunch", "CUSTOM"), ("Offline", "OFFLINE")];

    public static List<string> Lines(int seed, int count)
    {
        var random = new Random(seed);
        var agents = new[] { new ConnectAgent("alice"), new ConnectAgent("bob", "green"), new ConnectAgent("carol", null) };
        var contacts = new List<(int Agent, string Id, string State)>();
        var lines = new List<string>(count);
        var t = 8 * 3600;
        var nextContact = 1;
        for (var i = 0; i < count; i++)
        {
            t += random.Next(0, 50);
            var at = random.Next(15) == 0 ? t - random.Next(60, 400) : t; // late records, some beyond the hold-back
            static string Hms(int seconds) => TimeSpan.FromSeconds(Math.Max(seconds, 0)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
            var a = random.Next(agents.Length);
            var agent = agents[a];
            var mine = contacts.Where(c => c.Agent == a).ToList();
            var roll = random.Next(20);
            var eventType = "STATE_CHANGE";
            if (roll < 3)
            {
                var (name, type) = Statuses[random.Next(Statuses.Length)];
                agent.Status(name, type, Hms(at - random.Next(0, 30)));
                eventType = random.Next(3) == 0 ? "LOGIN" : "STATE_CHANGE";
            }
            else if (roll < 7 && mine.Count < 3)
            {
                var id = "c" + (nextContact++).ToString(CultureInfo.InvariantCulture);
                var method = random.Next(6) == 0 ? "OUTBOUND" : "INBOUND";
                var channel = random.Next(10) == 0 ? "CHAT" : "VOICE";
                var state = random.Next(4) == 0 ? "INCOMING" : "CONNECTED";
                agent.Contact(id, state, Hms(at), queued: Hms(at - random.Next(5, 900)), connected: state == "CONNECTED" ? Hms(at) : null, method: method, channel: channel);
                contacts.Add((a, id, state));
            }
            else if (roll < 13 && mine.Count > 0)
            {
                var contact = mine[random.Next(mine.Count)];
                var next = contact.State switch
                {
                    "INCOMING" => random.Next(3) == 0 ? "MISSED" : "CONNECTED",
                    "CONNECTED" => random.Next(3) == 0 ? "CONNECTED_ONHOLD" : "ENDED",
                    "CONNECTED_ONHOLD" => "CONNECTED",
                    _ => null,
                };
                if (next is null)
                {
                    agent.Clear(contact.Id);
                    contacts.Remove(contact);
                }
                else
                {
                    agent.Contact(contact.Id, next, Hms(at - random.Next(0, 5)), connected: next == "CONNECTED" ? Hms(at) : null);
                    contacts[contacts.IndexOf(contact)] = contact with { State = next };
                }
            }
            else if (roll < 14)
            {
                eventType = "LOGOUT";
            }
            else if (roll == 19)
            {
                lines.Add(random.Next(2) == 0 ? "{\"EventType\":\"NOPE\"}" : "not json");
                continue;
            }
            else
            {
                eventType = "HEART_BEAT";
            }

            lines.Add(agent.Record(eventType, Hms(at), withPrevious: random.Next(8) != 0));
        }

        return lines;
    }
}
