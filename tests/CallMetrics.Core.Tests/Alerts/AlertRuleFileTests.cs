using CallMetrics.Core.Alerts;

namespace CallMetrics.Core.Tests.Alerts;

public sealed class AlertRuleFileTests
{
    [Fact]
    public void The_scenarios_rule_file_gives_its_three_rules_with_defaults_for_for_and_cooldown()
    {
        var json = File.ReadAllText(Support.ScenarioFiles.Rules("live-state-and-alerts"));

        AlertRuleFile.TryParse(json, out var rules, out var error).Should().BeTrue(error);

        rules.Select(r => (r.Id, r.Measurement, r.Field, r.OpText, r.Value, r.For, r.Cooldown)).Should().Equal(
            ("long-wait", "queue_state", "longest_wait_s", ">", 60.0, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)),
            ("no-one-available", "tenant_state", "agents_available", "<", 1.0, TimeSpan.Zero, TimeSpan.Zero),
            ("low-service-level", "queue_metrics", "service_level", "<", 0.8, TimeSpan.FromMinutes(2), TimeSpan.Zero));
        rules[2].Match.Select(m => (m.Key, m.Value)).Should().Equal(("queue", "sales"));
    }

    [Theory]
    [InlineData("""{"measurement": "queue_state", "field": "waiting", "op": ">", "value": 1}""", "rule #2: \"id\" is missing")]
    [InlineData("""{"id": "x", "measurement": "queue_stat", "field": "waiting", "op": ">", "value": 1}""", "rule \"x\" (#2): measurement \"queue_stat\" is not one of")]
    [InlineData("""{"id": "x", "measurement": "queue_state", "field": "wait", "op": ">", "value": 1}""", "rule \"x\" (#2): queue_state has no field \"wait\"")]
    [InlineData("""{"id": "x", "measurement": "queue_state", "field": "waiting", "op": "=>", "value": 1}""", "rule \"x\" (#2): op \"=>\" is not one of >, >=, <, <=")]
    [InlineData("""{"id": "x", "measurement": "queue_state", "field": "waiting", "op": ">", "value": "1"}""", "rule \"x\" (#2): value must be a number")]
    [InlineData("""{"id": "x", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 1, "for": "soon"}""", "rule \"x\" (#2): \"for\" must be a duration")]
    [InlineData("""{"id": "x", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 1, "cooldwon": "1m"}""", "rule \"x\" (#2): unknown key \"cooldwon\"")]
    [InlineData("""{"id": "x", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 1, "match": {"team": "blue"}}""", "rule \"x\" (#2): match: queue_state has no tag \"team\"")]
    [InlineData("""{"id": "ok", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 1}""", "rule \"ok\" (#2): the id is already used")]
    [InlineData("\"not a rule\"", "rule #2: a rule is a JSON object")]
    public void A_bad_rule_is_an_error_naming_the_rule_and_the_problem(string second, string message)
    {
        var json = $$"""[{"id": "ok", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 1}, {{second}}]""";

        AlertRuleFile.TryParse(json, out var rules, out var error).Should().BeFalse();

        error.Should().StartWith(message);
        rules.Should().BeEmpty();
    }

    [Theory]
    [InlineData("{}", "a rule file is a JSON array of rules")]
    [InlineData("[{", "not JSON")]
    public void A_file_that_is_not_an_array_of_rules_is_an_error(string json, string message)
    {
        AlertRuleFile.TryParse(json, out _, out var error).Should().BeFalse();

        error.Should().StartWith(message);
    }
}
