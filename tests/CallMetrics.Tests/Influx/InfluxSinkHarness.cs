using System.Collections.Concurrent;
using CallMetrics.Influx;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Tests.Influx;

/// <summary>An <see cref="InfluxSink"/> wired to a real server, with its logs and dead letters captured.</summary>
public sealed class InfluxSinkHarness : IAsyncDisposable
{
    private readonly HttpClient _httpClient;
    private readonly ILoggerFactory _loggerFactory;

    /// <summary>Creates the writer and the sink for <paramref name="options"/>.</summary>
    public InfluxSinkHarness(InfluxOptions options)
    {
        Options = options;
        _httpClient = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _loggerFactory = Logs.CreateFactory();
        Writer = new LineProtocolHttpWriter(_httpClient, options, TimeProvider.System, _loggerFactory.CreateLogger<LineProtocolHttpWriter>());
        Sink = new InfluxSink(options, Writer, Rejected.Enqueue, TimeProvider.System, _loggerFactory.CreateLogger<InfluxSink>());
    }

    /// <summary>The options in use.</summary>
    public InfluxOptions Options { get; }

    /// <summary>Captured log output of the writer and the sink.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Lines the sink dead-lettered.</summary>
    public ConcurrentQueue<RejectedLine> Rejected { get; } = new();

    /// <summary>The writer.</summary>
    public LineProtocolHttpWriter Writer { get; }

    /// <summary>The sink under test.</summary>
    public InfluxSink Sink { get; }

    /// <summary>Options for a 1.x server with small, fast settings for tests.</summary>
    public static InfluxOptions V1(string url, string database = "callmetrics", bool gzip = true) => new()
    {
        Url = url,
        Api = InfluxApi.V1,
        Database = database,
        Gzip = gzip,
        BatchSize = 1000,
        FlushInterval = TimeSpan.FromMilliseconds(50),
        Timeout = TimeSpan.FromSeconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        QueueCapacity = 8,
        ShutdownTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Disposes the sink (flushing), then the client.</summary>
    public async ValueTask DisposeAsync()
    {
        await Sink.DisposeAsync();
        Writer.Dispose();
        _httpClient.Dispose();
        _loggerFactory.Dispose();
    }
}
