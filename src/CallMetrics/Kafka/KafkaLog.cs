using Confluent.Kafka;

using Microsoft.Extensions.Logging;

namespace CallMetrics.Kafka;

/// <summary>Forwards librdkafka's log lines and client errors to an <see cref="ILogger"/>, with secrets redacted.</summary>
internal static partial class KafkaLog
{
    /// <summary>A librdkafka log line, at the matching level.</summary>
    internal static void Write(ILogger logger, KafkaOptions options, LogMessage message)
    {
        LogLevel level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (logger.IsEnabled(level))
        {
            Librdkafka(logger, level, message.Name, message.Facility, KafkaClientConfigs.Redact(options, message.Message));
        }
    }

    /// <summary>A client error: most are transient and retried by librdkafka itself.</summary>
    internal static void Error(ILogger logger, KafkaOptions options, Error error)
    {
        LogLevel level = error.IsFatal ? LogLevel.Critical : LogLevel.Warning;
        if (logger.IsEnabled(level))
        {
            ClientError(logger, level, error.Code, error.IsFatal, KafkaClientConfigs.Redact(options, error.Reason));
        }
    }

    [LoggerMessage(EventId = 1, Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void Librdkafka(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(EventId = 2, Message = "Kafka client error {Code} (fatal: {Fatal}): {Reason}")]
    private static partial void ClientError(ILogger logger, LogLevel level, ErrorCode code, bool fatal, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Kafka partitions assigned ({Count}): {Partitions}")]
    internal static partial void Assigned(ILogger logger, int count, string partitions);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Kafka partitions revoked ({Count}, lost: {Lost}): {Partitions}")]
    internal static partial void Revoked(ILogger logger, int count, bool lost, string partitions);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Downstream is full: consumption paused with a batch of {Count} messages waiting")]
    internal static partial void BackPressure(ILogger logger, int count);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Kafka client: Confluent.Kafka {ClientVersion}, {Library}")]
    internal static partial void ClientLibrary(ILogger logger, string clientVersion, string library);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Offset {Offset} of {Partition} not stored: {Reason}")]
    internal static partial void OffsetNotStored(ILogger logger, TopicPartition partition, long offset, string reason);
}
