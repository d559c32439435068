using CallMetrics.Kafka;

namespace CallMetrics.Configuration;

/// <summary>Checks the Kafka adapter's settings (<see cref="KafkaOptions"/>) at start.</summary>
internal sealed class KafkaOptionsValidator : OptionsValidator<KafkaOptions>
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Problems(KafkaOptions options) => options.Validate();
}
