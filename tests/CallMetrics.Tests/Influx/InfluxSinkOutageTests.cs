using System.Collections.Concurrent;
using System.Diagnostics;
using CallMetrics.Influx;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Influx;

/// <summary>The sink while its InfluxDB goes away and comes back.</summary>
public class InfluxSinkOutageTests
{
    private const int LinesPerBatch = 10;
    private const int BatchesBefore = 10;
    private const int BatchesTotal = 80;
    private const int QueueCapacity = 4;
    private const int BatchSize = 50; // five batches per write

    [Fact]
    public async Task ServerDownMidStream_ProducerIsBackPressured_NothingUnwrittenIsAcknowledged_AndEverythingArrivesInOrderAfterRestart()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        InfluxOptions options = InfluxSinkHarness.V1(influx.Url);
        options.QueueCapacity = QueueCapacity;
        options.BatchSize = BatchSize;
        options.FlushInterval = TimeSpan.FromMilliseconds(20);
        options.Timeout = TimeSpan.FromSeconds(2);
        await using var harness = new InfluxSinkHarness(options);
        long first = LineBatches.RecentTimestampNs();
        IReadOnlyList<string> lines = LineBatches.Points("outage", BatchesTotal * LinesPerBatch, first);
        List<IReadOnlyList<string>> chunks = LineBatches.Chunks(lines, LinesPerBatch).ToList();
        var durable = new ConcurrentQueue<int>();
        int enqueued = 0;

        async Task ProduceAsync(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                int number = i;
                await harness.Sink.WriteAsync(LineBatches.Batch(chunks[i], () => durable.Enqueue(number)), CancellationToken.None);
                Interlocked.Increment(ref enqueued);
            }
        }

        // Healthy: the first batches are durable.
        await ProduceAsync(0, BatchesBefore);
        await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        durable.Should().HaveCount(BatchesBefore);

        // Outage: the producer keeps going until the queue is full, then waits.
        influx.Kill(); // a crash: what InfluxDB acknowledged must survive in its WAL
        Task producer = Task.Run(() => ProduceAsync(BatchesBefore, BatchesTotal));
        await WaitUntilStalledAsync(() => Volatile.Read(ref enqueued));

        producer.IsCompleted.Should().BeFalse("WriteAsync must wait while the queue is full");
        int stalledAt = Volatile.Read(ref enqueued);
        stalledAt.Should().BeLessThanOrEqualTo(BatchesBefore + QueueCapacity + (BatchSize / LinesPerBatch) + 1, "only the queue and one pending write hold batches");
        harness.Sink.QueueDepth.Should().Be(QueueCapacity);
        durable.Should().HaveCount(BatchesBefore, "no OnDurable for batches the server has not got");
        InfluxSinkStatistics during = harness.Sink.Statistics;
        during.IsHealthy.Should().BeFalse();
        during.Retries.Should().BePositive();
        during.LastError.Should().NotBeNullOrEmpty();

        // Recovery on the same port and data directory.
        await influx.StartAsync();
        await producer.WaitAsync(TimeSpan.FromSeconds(20));
        await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        durable.Should().Equal(Enumerable.Range(0, BatchesTotal), "every batch is acknowledged once, in enqueue order");
        harness.Sink.Statistics.IsHealthy.Should().BeTrue();
        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows = await influx.QueryRowsAsync("callmetrics", "SELECT calls FROM outage");
        rows.Select(r => (long)r["calls"]!).Order().Should().Equal(Enumerable.Range(0, BatchesTotal * LinesPerBatch).Select(i => (long)i));
        harness.Rejected.Should().BeEmpty();
    }

    [Fact]
    public async Task HungServer_AttemptsTimeOut_AndAreRetried_UntilItAnswers()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        InfluxOptions options = InfluxSinkHarness.V1(influx.Url);
        options.Timeout = TimeSpan.FromMilliseconds(300);
        await using var harness = new InfluxSinkHarness(options);
        await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)); // database created
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        influx.Pause();
        try
        {
            await harness.Sink.WriteAsync(LineBatches.Batch([$"hung v=1i {LineBatches.RecentTimestampNs()}"], durable.SetResult), CancellationToken.None);
            var clock = Stopwatch.StartNew();
            while (harness.Sink.Statistics.Retries < 2 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            durable.Task.IsCompleted.Should().BeFalse();
            harness.Sink.Statistics.LastError.Should().Be("no answer within 00:00:00.3000000");
        }
        finally
        {
            influx.Resume();
        }

        await durable.Task.WaitAsync(TimeSpan.FromSeconds(20));
        (await influx.QueryRowsAsync("callmetrics", "SELECT v FROM hung")).Should().ContainSingle();
    }

    /// <summary>Waits until <paramref name="progress"/> has not moved for half a second (bounded at 10 s).</summary>
    private static async Task WaitUntilStalledAsync(Func<int> progress)
    {
        var clock = Stopwatch.StartNew();
        int last = -1;
        var sinceChange = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            int now = progress();
            if (now != last)
            {
                last = now;
                sinceChange.Restart();
            }
            else if (sinceChange.Elapsed > TimeSpan.FromMilliseconds(500))
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The producer never stalled: back-pressure is missing.");
    }
}
