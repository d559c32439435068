using System.Globalization;
using CallMetrics.Core.Options;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Contacts;

public sealed class FcrPropertyTests
{
    private static readonly MetricsOptions Options = new() { FcrWindow = TimeSpan.FromHours(1) };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Fcr_counts_and_repeat_calls_are_the_same_for_any_arrival_order_within_lateness_and_with_duplicates(int seed)
    {
        var sorted = Calls(seed);
        var random = new Random(seed);
        var disordered = InputOrder.Disordered(sorted, Options.Lateness).ToList();
        for (var i = 0; i < 40; i++)
        {
            // A copy a little later in the input: a duplicate, never late (its first copy was accepted).
            var at = random.Next(disordered.Count);
            disordered.Insert(Math.Min(disordered.Count, at + random.Next(1, 4)), disordered[at]);
        }

        var expected = FcrOutput(Replayer.Run(sorted, Options));
        var actual = FcrOutput(Replayer.Run(disordered, Options));

        expected.Should().Contain(l => l.StartsWith("fcr_metrics", StringComparison.Ordinal) && l.Contains("repeated=0i", StringComparison.Ordinal) == false,
            "the input has repeats to count");
        actual.Should().Equal(expected);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Resolved_repeated_and_pending_add_up_to_the_contacts_on_every_line(int seed)
    {
        var lines = Replayer.Run(Calls(seed), Options).Lines.Where(l => l.Measurement == "fcr_metrics").ToList();

        lines.Should().NotBeEmpty();
        foreach (var line in lines)
        {
            (line.Number("resolved") + line.Number("repeated") + line.Number("pending")).Should().Be(line.Number("contacts"));
            line.Has("fcr_rate").Should().Be(line.Number("pending") == 0);
        }
    }

    [Fact]
    public void The_live_view_sums_todays_contacts_per_key_and_counts_the_tenants_repeat_calls()
    {
        // repeat-contacts, as the engine stands at the end of input: 11-22 has c1 (repeated) and c2 (resolved); c3 on
        // 11-24, pending, repeats c1.
        var replayer = Replayer.Run(File.ReadAllLines(ScenarioFiles.Events("repeat-contacts")));
        var since24 = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

        var all = replayer.Engine.Contacts(replayer.Symbols, long.MinValue);
        var today = replayer.Engine.Contacts(replayer.Symbols, since24);

        // 11-22's interval is final once the clock passes its end plus the 7-day window (11-29): written and forgotten
        // before the end of input (the scenario's expected lines hold its counts), so the engine holds only 11-24's.
        var tenant = all.Single(v => v.Scope == "tenant");
        (tenant.Contacts, tenant.Resolved, tenant.Repeated, tenant.Pending, tenant.RepeatCalls).Should().Be((1, 0, 0, 1, 1));
        tenant.FcrRate.Should().BeNull("a contact is pending");
        var sales = today.Single(v => v.Scope == "queue");
        (sales.Key, sales.Contacts, sales.Pending, sales.RepeatedSoFar).Should().Be(("sales", 1, 1, 0.0));
        today.Single(v => v.Scope == "tenant").RepeatCalls.Should().Be(1);
    }

    private static List<string> FcrOutput(Replayer replayer) =>
        [.. replayer.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("fcr_metrics", StringComparison.Ordinal) || l.StartsWith("tenant_metrics", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    // Six hours of calls from twelve callers, a few agents, one event per distinct second (so no two events share a
    // ts and any order within lateness has one sorted order). Some callers call back within the hour.
    private static List<string> Calls(int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var events = new List<(long Second, string Json)>();
        var used = new HashSet<long>();
        var id = 0;

        void Add(long second, string body)
        {
            while (!used.Add(second))
            {
                second++;
            }

            var ts = start.AddSeconds(second).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            events.Add((second, $"{{\"event_id\":\"p{id++}\",\"ts\":\"{ts}\",{body}}}"));
        }

        for (var a = 0; a < 4; a++)
        {
            Add(a, $"\"type\":\"agent.login\",\"agent_id\":\"a{a}\",\"team\":\"{(a % 2 == 0 ? "blue" : "red")}\"");
        }

        var at = 60L;
        for (var c = 0; c < 120; c++)
        {
            at += random.Next(20, 240);
            var caller = random.Next(12);
            var agent = random.Next(4);
            var direction = random.Next(10) == 0 ? ",\"direction\":\"outbound\"" : string.Empty;
            Add(at, $"\"type\":\"call.arrived\",\"call_id\":\"c{c}\",\"caller\":\"+31{caller}\"{direction}");
            Add(at + 2, $"\"type\":\"call.queued\",\"call_id\":\"c{c}\",\"queue\":\"q{caller % 2}\"");
            if (random.Next(6) == 0)
            {
                Add(at + 30, $"\"type\":\"call.ended\",\"call_id\":\"c{c}\""); // abandoned: no contact
                continue;
            }

            Add(at + 10, $"\"type\":\"call.answered\",\"call_id\":\"c{c}\",\"agent_id\":\"a{agent}\"");
            Add(at + 10 + random.Next(30, 400), $"\"type\":\"call.ended\",\"call_id\":\"c{c}\",\"agent_id\":\"a{agent}\"");
        }

        return [.. events.OrderBy(e => e.Second).Select(e => e.Json)];
    }
}
