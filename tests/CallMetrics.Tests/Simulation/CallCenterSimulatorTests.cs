using System.Text.Json;
using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

public class CallCenterSimulatorTests
{
    [Fact]
    public void Same_seed_gives_byte_identical_output()
    {
        var first = Some.JsonLines(new CallCenterSimulator(Some.Options(seed: 42)));
        var second = Some.JsonLines(new CallCenterSimulator(Some.Options(seed: 42)));

        first.Should().NotBeEmpty();
        second.Should().Equal(first);
    }

    [Fact]
    public void Enumerating_the_same_simulator_twice_gives_the_same_events()
    {
        var simulator = new CallCenterSimulator(Some.Options(seed: 5, duration: TimeSpan.FromHours(2)));

        Some.JsonLines(simulator).Should().Equal(Some.JsonLines(simulator));
    }

    [Fact]
    public void Different_seeds_give_different_output()
    {
        var first = Some.JsonLines(new CallCenterSimulator(Some.Options(seed: 1)));
        var second = Some.JsonLines(new CallCenterSimulator(Some.Options(seed: 2)));

        second.Should().NotEqual(first);
    }

    [Fact]
    public void Every_event_is_valid_per_EVENTS_md()
    {
        var events = Some.Events(Some.Options(configure: o => o.Tenants = ["default", "acme"], agents: 30));

        events.Select(EventContract.Violation).Where(v => v is not null).Should().BeEmpty();
    }

    [Fact]
    public void Events_come_in_non_decreasing_time_within_the_simulated_window()
    {
        var options = Some.Options();
        var events = Some.Events(options);
        var startNs = options.Start.ToUnixTimeMilliseconds() * 1_000_000;
        var endNs = (options.Start + options.Duration).ToUnixTimeMilliseconds() * 1_000_000;

        events.Select(e => e.TimestampNanoseconds).Should().BeInAscendingOrder();
        events[0].TimestampNanoseconds.Should().BeGreaterThanOrEqualTo(startNs);
        events[^1].TimestampNanoseconds.Should().BeLessThan(endNs);
    }

    [Fact]
    public void Event_ids_are_unique_and_carry_the_seed()
    {
        var events = Some.Events(Some.Options(seed: 9));
        var ids = events.Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("event_id").GetString()!).ToList();

        ids.Should().OnlyHaveUniqueItems();
        ids.Should().AllSatisfy(id => id.Should().StartWith("sim-9-"));
    }

    [Fact]
    public void Timestamps_have_millisecond_precision_in_UTC()
    {
        var options = Some.Options(configure: o => o.Start = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var timestamps = Some.Events(options).Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("ts").GetString()).ToList();

        timestamps[0].Should().Be("2026-11-22T09:00:00.000Z", "agents on shift log in at the start");
        timestamps.Should().Contain(t => !t!.EndsWith(".000Z", StringComparison.Ordinal), "durations are simulated to the millisecond");
    }

    [Fact]
    public void Per_call_and_per_agent_sequences_are_consistent()
    {
        var checker = new EventSequenceChecker();

        checker.Check(new CallCenterSimulator(Some.Options(agents: 60, duration: TimeSpan.FromDays(2), configure: o => o.Queues = 4)));

        checker.Violations.Should().BeEmpty();
        checker.Events.Should().BeGreaterThan(10_000);
    }

    [Fact]
    public void An_overloaded_center_stays_consistent()
    {
        var checker = new EventSequenceChecker();

        checker.Check(new CallCenterSimulator(Some.Options(agents: 10, configure: o => o.TargetOccupancy = 1.4)));

        checker.Violations.Should().BeEmpty();
        checker.AbandonWaits.Count.Should().BeGreaterThan(100, "callers give up when agents cannot keep up");
    }

    [Fact]
    public void Every_event_type_of_EVENTS_md_is_produced()
    {
        var checker = new EventSequenceChecker();

        checker.Check(new CallCenterSimulator(Some.Options(agents: 30)));

        checker.CountByType.Keys.Should().BeEquivalentTo(
        [
            "agent.login", "agent.state", "agent.logout", "call.arrived", "call.queued", "call.answered", "call.held",
            "call.retrieved", "call.transferred", "call.ended", "wrap.ended", "survey.completed",
        ]);
    }

    [Fact]
    public void Breaks_and_lunch_are_not_ready_with_a_reason()
    {
        var reasons = Some.Events(Some.Options())
            .Select(e => JsonDocument.Parse(e.Json).RootElement)
            .Where(r => r.GetProperty("type").GetString() == "agent.state" && r.GetProperty("state").GetString() == "not_ready")
            .Select(r => r.GetProperty("reason").GetString())
            .Distinct();

        reasons.Should().BeEquivalentTo(["break", "lunch"]);
    }

    [Fact]
    public void Several_tenants_each_get_calls_and_agents()
    {
        var tenants = Some.Events(Some.Options(agents: 12, configure: o =>
            {
                o.Tenants = ["default", "acme", "globex"];
                o.Teams = 3;
            }))
            .Select(e => JsonDocument.Parse(e.Json).RootElement)
            .Select(r => r.TryGetProperty("tenant", out var t) ? t.GetString() : "default")
            .Distinct();

        tenants.Should().BeEquivalentTo(["default", "acme", "globex"]);
    }

    [Fact]
    public void A_start_in_the_middle_of_shifts_logs_the_agents_on_shift_in_at_the_start()
    {
        var options = Some.Options(configure: o => o.Start = new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero));
        var atStart = Some.Events(options)
            .TakeWhile(e => e.TimestampNanoseconds == options.Start.ToUnixTimeMilliseconds() * 1_000_000)
            .Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("type").GetString());

        atStart.Should().NotBeEmpty().And.OnlyContain(t => t == "agent.login");
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_the_option()
    {
        var act = () => new CallCenterSimulator(new SimulationOptions { Agents = 0 });

        act.Should().Throw<ArgumentException>().WithMessage("*Agents*");
    }

    [Theory]
    [InlineData(nameof(SimulationOptions.Teams))]
    [InlineData(nameof(SimulationOptions.Duration))]
    [InlineData(nameof(SimulationOptions.HoldProbability))]
    [InlineData(nameof(SimulationOptions.Tenants))]
    [InlineData(nameof(SimulationOptions.OutboundProbability))]
    [InlineData(nameof(SimulationOptions.EscalationProbability))]
    [InlineData(nameof(SimulationOptions.EscalationQueue))]
    [InlineData(nameof(SimulationOptions.DispositionProbability))]
    [InlineData(nameof(SimulationOptions.RepeatProbabilityResolved))]
    [InlineData(nameof(SimulationOptions.RepeatProbabilityUnresolved))]
    [InlineData(nameof(SimulationOptions.RepeatDelayMin))]
    [InlineData(nameof(SimulationOptions.RepeatDelayMax))]
    public void TryValidate_names_the_invalid_option(string option)
    {
        var options = new SimulationOptions();
        switch (option)
        {
            case nameof(SimulationOptions.Teams): options.Teams = 0; break;
            case nameof(SimulationOptions.Duration): options.Duration = TimeSpan.Zero; break;
            case nameof(SimulationOptions.HoldProbability): options.HoldProbability = 1.5; break;
            case nameof(SimulationOptions.OutboundProbability): options.OutboundProbability = -0.5; break;
            case nameof(SimulationOptions.EscalationProbability): options.EscalationProbability = 2; break;
            case nameof(SimulationOptions.EscalationQueue): options.EscalationQueue = ""; break;
            case nameof(SimulationOptions.DispositionProbability): options.DispositionProbability = double.NaN; break;
            case nameof(SimulationOptions.RepeatProbabilityResolved): options.RepeatProbabilityResolved = 1.01; break;
            case nameof(SimulationOptions.RepeatProbabilityUnresolved): options.RepeatProbabilityUnresolved = -1; break;
            case nameof(SimulationOptions.RepeatDelayMin): options.RepeatDelayMin = TimeSpan.Zero; break;
            case nameof(SimulationOptions.RepeatDelayMax): options.RepeatDelayMax = TimeSpan.FromDays(400); options.RepeatDelayMin = TimeSpan.FromHours(1); break;
            default: options.Tenants = ["a", "a"]; break;
        }

        options.TryValidate(out var error).Should().BeFalse();
        error.Should().StartWith(option);
    }

    [Fact]
    public void Escalations_are_transferred_to_the_escalation_queue_coded_escalated_and_answered_there()
    {
        var events = Some.Events(Some.Options(seed: 4, agents: 30, configure: o => o.EscalationProbability = 0.2))
            .Select(e => (e.Key, Json: JsonDocument.Parse(e.Json).RootElement))
            .ToList();
        static string Type(JsonElement e) => e.GetProperty("type").GetString()!;
        var escalated = events.Where(e => Type(e.Json) == "call.transferred" && e.Json.GetProperty("to_queue").GetString() == SimulationDefaults.EscalationQueue)
            .Select(e => e.Key).ToHashSet();

        escalated.Count.Should().BeGreaterThan(100);
        foreach (var call in escalated)
        {
            var after = events.Where(e => e.Key == call).SkipWhile(e => Type(e.Json) != "call.transferred").Skip(1).Select(e => e.Json).ToList();
            after.Where(e => Type(e) == "call.queued").Select(e => e.GetProperty("queue").GetString()).Should().Equal(SimulationDefaults.EscalationQueue);
        }

        // The escalating leg's wrap-up code: the escalating agent's next wrap.ended, unless that agent answered it again first.
        var escalatingCodes = new List<string?>();
        foreach (var call in escalated)
        {
            var after = events.Where(e => e.Key == call).SkipWhile(e => Type(e.Json) != "call.transferred").ToList();
            var agent = after[0].Json.GetProperty("agent_id").GetString();
            var wrap = after.Skip(1).Where(e => e.Json.TryGetProperty("agent_id", out var a) && a.GetString() == agent)
                .TakeWhile(e => Type(e.Json) != "call.answered")
                .FirstOrDefault(e => Type(e.Json) == "wrap.ended");
            if (wrap.Key is not null && wrap.Json.TryGetProperty("disposition", out var code))
            {
                escalatingCodes.Add(code.GetString());
            }
        }

        escalatingCodes.Should().HaveCountGreaterThan(escalated.Count / 2).And.OnlyContain(d => d == "escalated");
        var answeredThere = events.Count(e => escalated.Contains(e.Key) && Type(e.Json) == "call.answered") - escalated.Count;
        answeredThere.Should().BeGreaterThan(escalated.Count / 2, "the tenant's first team answers most escalations");
    }

    [Fact]
    public void Outbound_calls_are_flagged_and_answered_without_a_queue_visit()
    {
        var events = Some.Events(Some.Options(seed: 5, configure: o => o.OutboundProbability = 0.3))
            .Select(e => (e.Key, Json: JsonDocument.Parse(e.Json).RootElement))
            .ToList();
        var outbound = events.Where(e => e.Json.TryGetProperty("direction", out var d) && d.GetString() == "outbound").Select(e => e.Key).ToHashSet();

        outbound.Count.Should().BeGreaterThan(50);
        var types = events.Where(e => outbound.Contains(e.Key)).GroupBy(e => e.Key)
            .Select(g => string.Join(' ', g.Select(e => e.Json.GetProperty("type").GetString()).Where(t => t is not ("call.held" or "call.retrieved" or "survey.completed"))))
            .Distinct();
        types.Should().BeSubsetOf(["call.arrived call.answered call.ended wrap.ended", "call.arrived call.answered call.ended", "call.arrived call.answered", "call.arrived"]);
        events.Where(e => outbound.Contains(e.Key) && e.Json.GetProperty("type").GetString() == "call.arrived")
            .Should().OnlyContain(e => e.Json.GetProperty("call_type").GetString() == "outbound" && HasCaller(e.Json));
    }

    private static bool HasCaller(JsonElement arrived) => arrived.TryGetProperty("caller", out var caller) && caller.GetString()!.Length > 0;

    [Fact]
    public void Default_options_are_valid()
    {
        new SimulationOptions().TryValidate(out var error).Should().BeTrue(error);
    }
}
