using CallMetrics.Live;

namespace CallMetrics.Configuration;

/// <summary>Checks the live view's settings (<see cref="LiveOptions"/>) at start.</summary>
internal sealed class LiveOptionsValidator : OptionsValidator<LiveOptions>
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Problems(LiveOptions options) => options.Validate();
}
