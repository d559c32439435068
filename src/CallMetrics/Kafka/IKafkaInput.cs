using CallMetrics.Streaming.Elements;
using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// What the Kafka source stage makes of what the consumer hands over: the input topics' partitions as numbered
/// sources (<see cref="PartitionInput"/>), or scaled mode's repartition topic read as the origins it carries
/// (<see cref="RepartitionInput"/>).
/// </summary>
internal interface IKafkaInput
{
    /// <summary>On the consumer thread: partitions were assigned; what must go downstream before their records goes to <paramref name="emit"/>.</summary>
    void OnAssigned(IReadOnlyList<TopicPartition> partitions, Action<StreamElement> emit);

    /// <summary>On the consumer thread: partitions were revoked; what must go downstream goes to <paramref name="emit"/>.</summary>
    void OnRevoked(IReadOnlyList<TopicPartition> partitions, Action<StreamElement> emit);

    /// <summary>On the stage, in stream order: an element of <see cref="OnAssigned"/> or <see cref="OnRevoked"/> goes downstream now.</summary>
    void Passing(StreamElement change);

    /// <summary>On the stage: the elements of a batch the consumer handed over, appended to <paramref name="output"/>.</summary>
    void ToElements(KafkaRecordBatch batch, List<StreamElement> output);
}
