using System.Globalization;
using System.Text;
using CallMetrics.Core.Decoding;
using CallMetrics.Core.Events;
using CallMetrics.Core.Options;
using CallMetrics.Core.Output;
using CallMetrics.Core.Sessions;

namespace CallMetrics.Core.Tests.Sessions;

/// <summary>
/// The state series' counters (open visits per queue, logged-in agents by activity per team and tenant) are kept as
/// events apply; after every event of random streams, odd ones included (answers by a second agent, queued while
/// queued or connected, logouts mid-call, team changes, evictions), they equal a recount of every agent and call.
/// </summary>
public sealed class StateCountersPropertyTests
{
    private static readonly string[] Types =
    [
        "agent.login", "agent.state", "agent.logout", "call.arrived", "call.queued", "call.queued", "call.queued", "call.answered",
        "call.answered", "call.held", "call.retrieved", "call.transferred", "call.ended", "call.ended", "wrap.ended", "survey.completed",
    ];

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 30).Select(seed => new object[] { seed });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void After_every_event_the_kept_counters_equal_a_recount_of_every_agent_and_call(int seed)
    {
        var options = new MetricsOptions
        {
            Rolling = TimeSpan.FromMinutes(15),
            Step = TimeSpan.FromMinutes(1),
            MaxWrap = TimeSpan.FromSeconds(90),
            IdleTimeout = TimeSpan.FromMinutes(20),
        };
        var symbols = new SymbolTable();
        var decoder = new EventDecoder(symbols);
        var sessionizer = new Sessionizer(options, new NoSink());
        var checkedStates = 0;
        foreach (var line in Stream(seed, 1500))
        {
            decoder.Decode(Encoding.UTF8.GetBytes(line), out var e).IsOk.Should().BeTrue(line);
            sessionizer.Apply(e);
            Recount(sessionizer).Should().Be(Kept(sessionizer), "after {0}", line);
            checkedStates++;
        }

        checkedStates.Should().Be(1500);
    }

    private static string Kept(Sessionizer s)
    {
        var visits = s.Store.Visits;
        var queues = Enumerable.Range(0, s.Tallies.QueueKeys.Count)
            .Where(q => visits.Waiting(q) > 0)
            .Select(q => $"q{q}:{visits.Waiting(q)}@{visits.OldestStart(q)}");
        var cells = s.Accrual.States.Teams.Concat(s.Accrual.States.Tenants)
            .Where(c => c.AnyLoggedIn)
            .Select(c => $"{c.Tenant}/{c.Team}:{c.Snapshot()}")
            .Order(StringComparer.Ordinal);
        return string.Join(' ', queues.Concat(cells));
    }

    // Independent of the counters: every call and agent looked at.
    private static string Recount(Sessionizer s)
    {
        var queues = s.Store.Calls.Values.Where(c => c.Phase == CallPhase.Queued)
            .GroupBy(c => c.VisitQueueSeries).OrderBy(g => g.Key)
            .Select(g => $"q{g.Key}:{g.Count()}@{g.Min(c => c.VisitStart)}");
        var cells = new Dictionary<(int Tenant, int Team), int[]>();
        foreach (var agent in s.Store.Agents.Values.Where(a => a.LoggedIn))
        {
            var activity = agent.Legs.Count == 0 ? (agent.Chosen == AgentChosenState.Available ? 2 : 3)
                : Enumerable.Range(0, agent.Legs.Count).Any(i => agent.Legs[i].Segment is LegSegment.Talk or LegSegment.Hold) ? 0 : 1;
            foreach (var key in agent.Team == 0 ? [(agent.Tenant, 0)] : new[] { (agent.Tenant, 0), (agent.Tenant, agent.Team) })
            {
                (cells.TryGetValue(key, out var counts) ? counts : cells[key] = new int[4])[activity]++;
            }
        }

        var lines = cells.Select(c => $"{c.Key.Tenant}/{c.Key.Team}:{new AgentStateCounts(c.Value[0], c.Value[1], c.Value[2], c.Value[3])}")
            .Order(StringComparer.Ordinal);
        return string.Join(' ', queues.Concat(lines));
    }

    private static IEnumerable<string> Stream(int seed, int count)
    {
        var random = new Random(seed);
        var t = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            // Mostly seconds apart, sometimes a gap long enough for wraps to time out and idle calls to be evicted.
            t = t.AddSeconds(random.Next(100) < 3 ? random.Next(1200, 2000) : random.Next(0, 40));
            var type = Types[random.Next(Types.Length)];
            var fields = new List<string>
            {
                $"\"event_id\":\"e{i}\"",
                $"\"type\":\"{type}\"",
                $"\"ts\":\"{t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\"",
            };
            var agent = $"\"agent_id\":\"a{random.Next(6)}\"";
            var call = $"\"call_id\":\"c{random.Next(10)}\"";
            switch (type)
            {
                case "agent.login":
                    fields.Add(agent);
                    if (random.Next(3) > 0)
                    {
                        fields.Add($"\"team\":\"{(random.Next(2) == 0 ? "blue" : "red")}\"");
                    }

                    if (random.Next(2) == 0)
                    {
                        fields.Add("\"state\":\"not_ready\"");
                    }

                    break;
                case "agent.state":
                    fields.Add(agent);
                    fields.Add($"\"state\":\"{(random.Next(2) == 0 ? "available" : "not_ready")}\"");
                    break;
                case "agent.logout":
                    fields.Add(agent);
                    break;
                case "call.queued":
                    fields.Add(call);
                    fields.Add($"\"queue\":\"q{random.Next(3)}\"");
                    break;
                case "call.answered":
                case "call.held":
                case "call.retrieved":
                case "call.transferred":
                case "wrap.ended":
                    fields.Add(call);
                    fields.Add(agent);
                    break;
                case "call.ended":
                    fields.Add(call);
                    if (random.Next(2) == 0)
                    {
                        fields.Add(agent);
                    }

                    break;
                case "survey.completed":
                    fields.Add(call);
                    fields.Add("\"score\":3");
                    break;
                default:
                    fields.Add(call);
                    break;
            }

            yield return "{" + string.Join(',', fields) + "}";
        }
    }

    private sealed class NoSink : IWindowSink
    {
        public void OnWindows(IReadOnlyList<WindowResult> windows)
        {
        }
    }
}
