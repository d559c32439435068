using CallMetrics.Pipeline;

namespace CallMetrics.Configuration;

/// <summary>Checks how the graph runs (<see cref="PipelineOptions"/>) at start.</summary>
internal sealed class PipelineOptionsValidator : OptionsValidator<PipelineOptions>
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Problems(PipelineOptions options) => options.Validate();
}
