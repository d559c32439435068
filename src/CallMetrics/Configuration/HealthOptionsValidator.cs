using CallMetrics.Hosting;

namespace CallMetrics.Configuration;

/// <summary>Checks the readiness checks' settings (<see cref="HealthOptions"/>) at start.</summary>
internal sealed class HealthOptionsValidator : OptionsValidator<HealthOptions>
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Problems(HealthOptions options) =>
        options.StallAfter > TimeSpan.Zero ? [] : [$"{HealthOptions.SectionName}:StallAfter must be positive, got {options.StallAfter}"];
}
