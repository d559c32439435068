using CallMetrics.Core.Alerts;
using CallMetrics.Core.Events;
using CallMetrics.Core.Snapshots;

namespace CallMetrics.Core.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    private const long Minute = 60_000_000_000L;

    // 2026-11-22T09:00:00Z
    private const long NineOClock = 1_795_338_000_000_000_000L;

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_rule_without_for_fires_at_the_first_instant_its_condition_holds_with_the_value_as_written()
    {
        var evaluator = new AlertEvaluator([Wait(over: 60)], Step);

        var changes = Feed(evaluator, (1, Queue("sales", 30)), (2, Queue("sales", 90)));

        changes.Should().Equal("firing long-wait queue=sales,tenant=default at 2 value 90.0");
    }

    [Fact]
    public void A_rule_fires_once_the_condition_has_held_at_every_instant_of_for_and_not_before()
    {
        var evaluator = new AlertEvaluator([Wait(over: 60, forDuration: "2m")], Step);

        var changes = Feed(evaluator, (1, Queue("sales", 61)), (2, Queue("sales", 62)), (3, Queue("sales", 63)), (4, Queue("sales", 64)));

        changes.Should().Equal("firing long-wait queue=sales,tenant=default at 3 value 63.0");
    }

    [Fact]
    public void One_instant_where_the_condition_does_not_hold_starts_the_for_period_again()
    {
        var evaluator = new AlertEvaluator([Wait(over: 60, forDuration: "2m")], Step);

        var changes = Feed(evaluator, (1, Queue("sales", 61)), (2, Queue("sales", 62)), (3, Queue("sales", 10)), (4, Queue("sales", 64)), (5, Queue("sales", 65)), (6, Queue("sales", 66)));

        changes.Should().Equal("firing long-wait queue=sales,tenant=default at 6 value 66.0");
    }

    [Fact]
    public void A_firing_rule_holds_while_the_condition_holds_and_resolves_at_the_first_instant_it_does_not_with_its_value()
    {
        var evaluator = new AlertEvaluator([Wait(over: 60)], Step);

        var changes = Feed(evaluator, (1, Queue("sales", 61)), (2, Queue("sales", 120)), (3, Queue("sales", 180)), (4, Queue("sales", 20)));

        changes.Should().Equal(
            "firing long-wait queue=sales,tenant=default at 1 value 61.0",
            "resolved long-wait queue=sales,tenant=default at 4 value 20.0");
    }

    [Fact]
    public void A_missing_field_or_a_missing_line_does_not_hold_and_resolves_without_a_value()
    {
        var evaluator = new AlertEvaluator([Wait(over: 60)], Step);

        var changes = Feed(evaluator,
            (1, Queue("sales", 61)), (2, "queue_state,kind=state,queue=sales,tenant=default waiting=0i"),
            (3, Queue("sales", 61)), (4, Queue("support", 1)));

        changes.Should().Equal(
            "firing long-wait queue=sales,tenant=default at 1 value 61.0",
            "resolved long-wait queue=sales,tenant=default at 2",
            "firing long-wait queue=sales,tenant=default at 3 value 61.0",
            "resolved long-wait queue=sales,tenant=default at 4");
    }

    [Fact]
    public void The_cooldown_holds_a_firing_back_until_the_last_firing_is_cooldown_old_and_then_it_fires_if_the_condition_still_holds()
    {
        // As in the scenario: fired at 1, resolved at 2, holding again from 4; with a 5m cooldown the firing waits for 6.
        var evaluator = new AlertEvaluator([Wait(over: 60, cooldown: "5m")], Step);

        var changes = Feed(evaluator,
            (1, Queue("sales", 61)), (2, Queue("sales", 1)), (3, Queue("sales", 1)), (4, Queue("sales", 61)), (5, Queue("sales", 62)),
            (6, Queue("sales", 63)), (7, Queue("sales", 64)));

        changes.Should().Equal(
            "firing long-wait queue=sales,tenant=default at 1 value 61.0",
            "resolved long-wait queue=sales,tenant=default at 2 value 1.0",
            "firing long-wait queue=sales,tenant=default at 6 value 63.0");
    }

    [Fact]
    public void After_the_cooldown_a_condition_that_does_not_hold_does_not_fire()
    {
        var evaluator = new AlertEvaluator([Wait(over: 60, cooldown: "2m")], Step);

        var changes = Feed(evaluator, (1, Queue("sales", 61)), (2, Queue("sales", 1)), (3, Queue("sales", 1)), (4, Queue("sales", 1)), (5, Queue("sales", 61)));

        changes.Should().Equal(
            "firing long-wait queue=sales,tenant=default at 1 value 61.0",
            "resolved long-wait queue=sales,tenant=default at 2 value 1.0",
            "firing long-wait queue=sales,tenant=default at 5 value 61.0");
    }

    [Fact]
    public void An_instant_with_no_lines_at_all_resolves_a_firing_key_there_and_breaks_a_run()
    {
        // Instants 2 and 3 were skipped (the engine wrote nothing): the condition did not hold at 2.
        var evaluator = new AlertEvaluator([Wait(over: 60, forDuration: "1m")], Step);

        var changes = Feed(evaluator, (1, Queue("sales", 61)), (2, Queue("sales", 62)), (4, Queue("sales", 63)), (5, Queue("sales", 64)));

        changes.Should().Equal(
            "firing long-wait queue=sales,tenant=default at 2 value 62.0",
            "resolved long-wait queue=sales,tenant=default at 3",
            "firing long-wait queue=sales,tenant=default at 5 value 64.0");
    }

    [Fact]
    public void Match_restricts_the_keys_and_each_key_has_its_own_state()
    {
        var matched = Rule("""{"id": "sales-only", "measurement": "queue_state", "field": "waiting", "op": ">=", "value": 1, "match": {"queue": "sales"}}""");
        var every = Rule("""{"id": "any", "measurement": "queue_state", "field": "waiting", "op": ">=", "value": 1}""");
        var evaluator = new AlertEvaluator([matched, every], Step);

        var changes = Feed(evaluator, (1, Waiting("sales", 1) + "\n" + Waiting("support", 2)), (2, Waiting("sales", 0) + "\n" + Waiting("support", 2)));

        changes.Should().Equal(
            "firing any queue=sales,tenant=default at 1 value 1",
            "firing any queue=support,tenant=default at 1 value 2",
            "firing sales-only queue=sales,tenant=default at 1 value 1",
            "resolved any queue=sales,tenant=default at 2 value 0",
            "resolved sales-only queue=sales,tenant=default at 2 value 0");
    }

    [Fact]
    public void Metrics_rules_read_only_the_rolling_lines_and_state_rules_only_the_state_lines()
    {
        var rule = Rule("""{"id": "low-sl", "measurement": "queue_metrics", "field": "service_level", "op": "<", "value": 0.8}""");
        var evaluator = new AlertEvaluator([rule], Step);

        var changes = Feed(evaluator,
            (1, "queue_metrics,kind=interval,queue=sales,tenant=default,window=15m service_level=0.5 " + NineOClock + "\n"
                + "queue_metrics,kind=rolling,queue=sales,tenant=default,window=15m service_level=0.9"),
            (2, "queue_metrics,kind=rolling,queue=sales,tenant=default,window=15m service_level=0.3333333333333333"));

        changes.Should().Equal("firing low-sl queue=sales,tenant=default at 2 value 0.3333333333333333");
    }

    [Fact]
    public void The_evaluators_state_restored_from_a_snapshot_goes_on_as_if_uninterrupted()
    {
        var rule = Wait(over: 60, forDuration: "1m", cooldown: "10m");
        var steps = Enumerable.Range(1, 20).Select(i => (i, Queue("sales", i is 5 or 6 ? 1 : 61 + i))).ToArray();
        var whole = Feed(new AlertEvaluator([rule], Step), steps);

        var first = new AlertEvaluator([rule], Step);
        var before = Feed(first, steps[..8]);
        var symbols = new SymbolTable();
        using var buffer = new MemoryStream();
        using (var writer = new SnapshotWriter(buffer, symbols))
        {
            first.WriteTo(writer);
        }

        buffer.Position = 0;
        var restored = new AlertEvaluator([rule], Step);
        using (var reader = new SnapshotReader(buffer, symbols))
        {
            restored.ReadFrom(reader);
        }

        restored.Firing().Should().BeEquivalentTo(first.Firing());
        before.Concat(Feed(restored, steps[8..])).Should().Equal(whole);
        whole.Should().HaveCount(3, "fired at 2, resolved at 5, held back by the cooldown until 12");
    }

    [Fact]
    public void The_firing_alerts_are_listed_with_when_they_fired_and_their_last_value()
    {
        var evaluator = new AlertEvaluator([Wait(over: 60)], Step);
        Feed(evaluator, (1, Queue("sales", 61)), (2, Queue("sales", 121)));

        var firing = evaluator.Firing().Should().ContainSingle().Subject;

        (firing.Rule.Id, firing.Since, firing.Value).Should().Be(("long-wait", NineOClock + Minute, "121.0"));
        firing.Tags.Select(t => (t.Key, t.Value)).Should().Equal(("queue", "sales"), ("tenant", "default"));
    }

    private static AlertRule Wait(double over, string? forDuration = null, string? cooldown = null) =>
        Rule($$"""{"id": "long-wait", "measurement": "queue_state", "field": "longest_wait_s", "op": ">", "value": {{over}}{{(forDuration is null ? "" : $", \"for\": \"{forDuration}\"")}}{{(cooldown is null ? "" : $", \"cooldown\": \"{cooldown}\"")}}}""");

    private static AlertRule Rule(string json)
    {
        AlertRuleFile.TryParse("[" + json + "]", out var rules, out var error).Should().BeTrue(error);
        return rules[0];
    }

    private static string Queue(string queue, double longestWait) =>
        $"queue_state,kind=state,queue={queue},tenant=default waiting=1i,longest_wait_s={longestWait.ToString("0.0###", System.Globalization.CultureInfo.InvariantCulture)}";

    private static string Waiting(string queue, int waiting) => $"queue_state,kind=state,queue={queue},tenant=default waiting={waiting}i";

    // Feeds lines at minute instants after 09:00 (each line without a timestamp gets the instant's) and describes the changes.
    private static List<string> Feed(AlertEvaluator evaluator, params (int Minute, string Lines)[] steps)
    {
        var changes = new List<AlertTransition>();
        foreach (var (minute, lines) in steps)
        {
            var at = NineOClock + (minute * Minute);
            var text = string.Join('\n', lines.Split('\n').Select(l => l.Split(' ').Length == 3 ? l : $"{l} {at}"));
            evaluator.Observe(text, changes);
        }

        return [.. changes.Select(c =>
            $"{(c.State == AlertState.Firing ? "firing" : "resolved")} {c.Rule.Id} {string.Join(',', c.Tags.Select(t => $"{t.Key}={t.Value}"))} at {(c.At - NineOClock) / Minute}{(c.Value is null ? "" : " value " + c.Value)}")];
    }
}
