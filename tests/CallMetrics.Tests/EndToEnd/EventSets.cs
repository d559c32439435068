using System.Text;
using System.Text.Json;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Simulation;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>The inputs of the end-to-end tests: the spec's scenarios (one tenant each) and simulated days.</summary>
internal static class EventSets
{
    /// <summary>The public scenarios of spec/scenarios, names in order.</summary>
    public static IReadOnlyList<string> ScenarioNames { get; } = [.. ScenarioFiles.Names().Select(n => (string)n[0])];

    /// <summary>
    /// Every spec scenario, each in its own tenant <c>PREFIX-NAME</c> (they all use tenant <c>default</c> and the same
    /// morning), merged into one time order (stable: a scenario's events with equal <c>ts</c> keep their order).
    /// </summary>
    /// <remarks>
    /// An agent a scenario leaves logged in (live-state-and-alerts keeps <c>a1</c> on) is logged out at the scenario's
    /// last <c>ts</c>: replay counts open time up to the end of all input (here days later, the end of repeat-contacts)
    /// and the service up to its clock event, so an agent left on would make them differ legitimately.
    /// </remarks>
    public static IReadOnlyList<TestEvent> Scenarios(string tenantPrefix) =>
        [.. ScenarioNames
            .SelectMany(name => LoggedOutAtTheEnd([.. File.ReadLines(ScenarioFiles.Events(name))
                .Where(line => !string.IsNullOrWhiteSpace(line))
                .Select(line => TestEvent.FromLine(line, $"{tenantPrefix}-{name}"))]))
            .OrderBy(e => e.Timestamp)];

    /// <summary>The events of one tenant with a logout, at their last <c>ts</c>, of each agent they leave logged in.</summary>
    private static IEnumerable<TestEvent> LoggedOutAtTheEnd(IReadOnlyList<TestEvent> events)
    {
        DateTimeOffset end = events.Max(e => e.Timestamp);
        var logouts = AgentsLoggedInAtTheEnd(events).Select(key =>
        {
            string tenant = key[..key.IndexOf('/', StringComparison.Ordinal)];
            string agent = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
            string ts = end.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            string json = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["event_id"] = $"end-logout-{agent}",
                ["type"] = "agent.logout",
                ["ts"] = ts,
                ["tenant"] = tenant,
                ["agent_id"] = agent,
            });
            return new TestEvent(end, agent, json);
        });
        return [.. events, .. logouts];
    }

    /// <summary>A simulated day, 00:00 to 24:00 UTC of <paramref name="day"/>, in tenant <paramref name="tenant"/>.</summary>
    public static IReadOnlyList<TestEvent> SimulatedDay(string tenant, DateTimeOffset day, int agents, int seed)
    {
        var options = new SimulationOptions
        {
            Seed = seed,
            Start = day,
            Duration = TimeSpan.FromHours(24),
            Agents = agents,
            Tenants = [tenant],
        };
        options.Validate();
        return [.. new CallCenterSimulator(options)
            .Select(e => new TestEvent(DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampNanoseconds / 1_000_000), e.Key, Encoding.UTF8.GetString(e.Json)))
            .OrderBy(e => e.Timestamp)];
    }

    /// <summary>The agents still logged in after the last event (login without a later logout).</summary>
    public static IReadOnlyList<string> AgentsLoggedInAtTheEnd(IEnumerable<TestEvent> events)
    {
        var loggedIn = new SortedSet<string>(StringComparer.Ordinal);
        foreach (TestEvent e in events)
        {
            using var json = JsonDocument.Parse(e.Json);
            string? type = json.RootElement.GetProperty("type").GetString();
            if (type is "agent.login" or "agent.logout")
            {
                string agent = json.RootElement.GetProperty("agent_id").GetString()!;
                string tenant = json.RootElement.TryGetProperty("tenant", out JsonElement t) ? t.GetString()! : "default";
                if (type == "agent.login")
                {
                    loggedIn.Add(tenant + "/" + agent);
                }
                else
                {
                    loggedIn.Remove(tenant + "/" + agent);
                }
            }
        }

        return [.. loggedIn];
    }

    /// <summary>Writes the events as JSON Lines, the input of <c>replay</c>.</summary>
    public static async Task<string> WriteJsonLinesAsync(IEnumerable<TestEvent> events, string directory, string name)
    {
        string path = Path.Combine(directory, name);
        await File.WriteAllLinesAsync(path, events.Select(e => e.Json));
        return path;
    }
}
