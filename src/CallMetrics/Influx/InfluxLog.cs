using Microsoft.Extensions.Logging;

namespace CallMetrics.Influx;

/// <summary>Log messages of the Influx adapter. Every argument is already free of secrets.</summary>
internal static partial class InfluxLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "InfluxDB writer targets {Target} ({Api} API, gzip {Gzip})")]
    public static partial void WriterTarget(ILogger logger, string target, InfluxApi api, bool gzip);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "InfluxDB write failed ({Reason}); retry {Attempt} in {Delay}, nothing is dropped")]
    public static partial void RetryingTransient(ILogger logger, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "InfluxDB refuses the writes ({Reason}): check the CallMetrics:Influx settings (credentials, database or bucket, Url); retry {Attempt} in {Delay}, nothing is dropped")]
    public static partial void RetryingMisconfigured(ILogger logger, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "InfluxDB circuit opened for {BreakDuration} after repeated failures ({Reason})")]
    public static partial void CircuitOpened(ILogger logger, TimeSpan breakDuration, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "InfluxDB circuit closed: writes succeed again")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "InfluxDB rejected a line ({Reason}); dead-lettering it: {Line}")]
    public static partial void LineRejected(ILogger logger, string reason, string line);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "InfluxDB database {Database} is ready")]
    public static partial void DatabaseReady(ILogger logger, string database);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "InfluxDB database {Database} could not be created ({Reason}); writes will fail until it exists")]
    public static partial void DatabaseNotCreated(ILogger logger, string database, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "The {Callback} callback of the InfluxDB sink threw; the sink goes on")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string callback);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "InfluxDB sink stopped before {Batches} queued or pending batches were durable; they were not acknowledged and must be replayed")]
    public static partial void StoppedWithUnwritten(ILogger logger, int batches);

    [LoggerMessage(EventId = 11, Level = LogLevel.Critical, Message = "InfluxDB sink loop failed; no more batches are accepted")]
    public static partial void LoopFailed(ILogger logger, Exception exception);
}
