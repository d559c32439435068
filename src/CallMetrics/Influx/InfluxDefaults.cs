namespace CallMetrics.Influx;

/// <summary>The defaults of <see cref="InfluxOptions"/>, in one place so docs, binding and tests agree.</summary>
public static class InfluxDefaults
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "CallMetrics:Influx";

    /// <summary>Default server address: a local InfluxDB 1.x.</summary>
    public const string Url = "http://127.0.0.1:8086";

    /// <summary>Default API: <see cref="InfluxApi.V1"/>.</summary>
    public const InfluxApi Api = InfluxApi.V1;

    /// <summary>Default 1.x database.</summary>
    public const string Database = "callmetrics";

    /// <summary>Default number of lines coalesced into one HTTP write.</summary>
    public const int BatchSize = 5000;

    /// <summary>Default: gzip request bodies.</summary>
    public const bool Gzip = true;

    /// <summary>Default capacity of the sink's queue, in batches.</summary>
    public const int QueueCapacity = 64;

    /// <summary>Default: issue an idempotent <c>CREATE DATABASE</c> at start-up (1.x).</summary>
    public const bool CreateDatabase = true;

    /// <summary>Default longest time a line waits in the sink before it is written: 1 s.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>Default timeout of one HTTP attempt: 10 s.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Default cap on the delay between two attempts: 30 s.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default time <see cref="InfluxSink.DisposeAsync"/> keeps trying to flush before it gives up: 30 s.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Delay before the first retry; later retries double it up to <see cref="InfluxOptions.MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
}
