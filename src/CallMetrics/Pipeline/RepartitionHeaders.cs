using System.Buffers.Text;
using System.Text;
using CallMetrics.Kafka;
using Confluent.Kafka;

namespace CallMetrics.Pipeline;

/// <summary>
/// The headers of a repartition record (scaled mode): where the event was read from (origin topic,
/// partition, offset), so the aggregator can treat each origin partition as an engine source and
/// dead-letter a late event with its real position. A progress marker has no value and one more header,
/// the largest event time the router has read from that origin so far.
/// </summary>
internal static class RepartitionHeaders
{
    public const string OriginTopic = "callmetrics-origin-topic";
    public const string OriginPartition = "callmetrics-origin-partition";
    public const string OriginOffset = "callmetrics-origin-offset";
    public const string Progress = "callmetrics-progress";

    /// <summary>The headers of a routed event.</summary>
    public static KeyValuePair<string, byte[]>[] ForEvent(string topic, int partition, long offset) =>
    [
        new(OriginTopic, Encoding.UTF8.GetBytes(topic)),
        new(OriginPartition, Ascii(partition)),
        new(OriginOffset, Ascii(offset)),
    ];

    /// <summary>The headers of a progress marker: origin <paramref name="topic"/>[<paramref name="partition"/>] reached <paramref name="eventTime"/> (ns).</summary>
    public static KeyValuePair<string, byte[]>[] ForProgress(string topic, int partition, long offset, long eventTime) =>
    [
        .. ForEvent(topic, partition, offset),
        new(Progress, Ascii(eventTime)),
    ];

    /// <summary>Reads the origin of a repartition record; false when the headers are missing or malformed.</summary>
    public static bool TryReadOrigin(in KafkaRecord record, out TopicPartition origin, out long offset, out long? progress)
    {
        origin = null!;
        offset = -1;
        progress = null;
        var topic = record.Header(OriginTopic);
        if (topic is null
            || !TryParse(record.Header(OriginPartition), out var partition)
            || !TryParse(record.Header(OriginOffset), out offset))
        {
            return false;
        }

        origin = new TopicPartition(Encoding.UTF8.GetString(topic), new Partition((int)partition));
        if (record.Header(Progress) is { } marker)
        {
            if (!TryParse(marker, out var time))
            {
                return false;
            }

            progress = time;
        }

        return true;
    }

    private static byte[] Ascii(long value)
    {
        Span<byte> buffer = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, buffer, out var written);
        return buffer[..written].ToArray();
    }

    private static bool TryParse(byte[]? bytes, out long value)
    {
        value = 0;
        return bytes is not null && Utf8Parser.TryParse(bytes, out value, out var consumed) && consumed == bytes.Length;
    }
}
