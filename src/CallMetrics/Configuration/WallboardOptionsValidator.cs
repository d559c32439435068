using CallMetrics.Live;

namespace CallMetrics.Configuration;

/// <summary>Checks the wallboard's bands and thresholds (<see cref="WallboardOptions"/>) at start.</summary>
internal sealed class WallboardOptionsValidator : OptionsValidator<WallboardOptions>
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Problems(WallboardOptions options) => options.Validate();
}
