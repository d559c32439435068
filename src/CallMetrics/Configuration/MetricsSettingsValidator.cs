using CallMetrics.Pipeline;

namespace CallMetrics.Configuration;

/// <summary>Checks the metric definitions (<see cref="MetricsSettings"/>) at start.</summary>
internal sealed class MetricsSettingsValidator : OptionsValidator<MetricsSettings>
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Problems(MetricsSettings options) => options.Validate();
}
