using CallMetrics.Configuration;
using CallMetrics.Core.Options;
using CallMetrics.Pipeline;
using Microsoft.Extensions.Configuration;

namespace CallMetrics.Tests.Pipeline;

public sealed class MetricsSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("callmetrics-settings-").FullName;

    public MetricsSettingsTests() => DurationConverter.Register();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_fcr_window_in_days_an_outcome_map_file_and_escalation_queues_bind_into_the_cores_options()
    {
        var map = Path.Combine(_dir, "outcomes.json");
        File.WriteAllText(map, "{\"fixed\": \"resolved\", \"order\": \"sale\"}");

        var settings = Bind(new()
        {
            ["FcrWindow"] = "5d",
            ["OutcomeMap"] = map,
            ["EscalationQueues:0"] = "tier2",
            ["EscalationQueues:1"] = "supervisors",
        });
        var options = settings.ToOptions();

        settings.Validate().Should().BeEmpty();
        options.FcrWindow.Should().Be(TimeSpan.FromDays(5));
        options.OutcomeMap.Should().BeEquivalentTo(new Dictionary<string, OutcomeClass> { ["fixed"] = OutcomeClass.Resolved, ["order"] = OutcomeClass.Sale });
        options.EscalationQueues.Should().Equal("tier2", "supervisors");
    }

    [Fact]
    public void Without_them_the_defaults_hold()
    {
        var options = new MetricsSettings().ToOptions();

        (options.FcrWindow, options.OutcomeMap, options.EscalationQueues.Count).Should().Be((TimeSpan.FromDays(7), null, 0));
    }

    [Fact]
    public void An_unreadable_or_unusable_outcome_map_is_a_validation_error_naming_the_setting()
    {
        var bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, "{\"fixed\": \"done\"}");

        Bind(new() { ["OutcomeMap"] = bad }).Validate().Should().ContainSingle().Which.Should().Contain("OutcomeMap").And.Contain("'done'");
        Bind(new() { ["OutcomeMap"] = Path.Combine(_dir, "missing.json") }).Validate().Should().ContainSingle().Which.Should().Contain("cannot read");
    }

    private static MetricsSettings Bind(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Get<MetricsSettings>()!;
}
