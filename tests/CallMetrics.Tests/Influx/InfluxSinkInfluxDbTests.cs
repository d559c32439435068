using System.Collections.Concurrent;
using System.Text;
using CallMetrics.Influx;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Influx;

/// <summary>The sink against a real InfluxDB 1.x.</summary>
public class InfluxSinkInfluxDbTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RoundTrip_ThousandsOfLines_EveryPointIsStoredWithExactValues(bool gzip)
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        long first = LineBatches.RecentTimestampNs() + 7; // an odd nanosecond proves precision=ns end to end
        IReadOnlyList<string> lines = LineBatches.Points("agent_interval", 3000, first, stepNs: 1_000_003);
        var durable = new ConcurrentQueue<int>();

        await using (var harness = new InfluxSinkHarness(InfluxSinkHarness.V1(influx.Url, gzip: gzip)))
        {
            int index = 0;
            foreach (IReadOnlyList<string> chunk in LineBatches.Chunks(lines, 150))
            {
                int batchNumber = index++;
                await harness.Sink.WriteAsync(LineBatches.Batch(chunk, () => durable.Enqueue(batchNumber)), CancellationToken.None);
            }

            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(s_patience);

            durable.Should().Equal(Enumerable.Range(0, 20), "every batch is acknowledged once, in enqueue order");
            harness.Sink.Statistics.Should().Match<InfluxSinkStatistics>(s => s.LinesWritten == 3000 && s.BatchesWritten == 20 && s.RejectedLines == 0 && s.IsHealthy);
            harness.Rejected.Should().BeEmpty();
        }

        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows = await influx.QueryRowsAsync("callmetrics", "SELECT * FROM agent_interval");
        rows.Should().HaveCount(3000);
        foreach ((IReadOnlyDictionary<string, object?> row, int i) in rows.OrderBy(r => (long)r["time"]!).Select((r, i) => (r, i)))
        {
            row["time"].Should().Be(first + (i * 1_000_003L));
            row["agent"].Should().Be($"agent {i % 7}");
            row["site"].Should().Be("lyon");
            row["calls"].Should().Be((long)i);
            Convert.ToDouble(row["aht"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(LineBatches.AhtOf(i));
            row["queue"].Should().Be($"q\"{i % 3}");
        }
    }

    [Fact]
    public async Task SamePointWrittenTwice_LeavesOnePointWithTheLastValue()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        long at = LineBatches.RecentTimestampNs();

        await using (var harness = new InfluxSinkHarness(InfluxSinkHarness.V1(influx.Url)))
        {
            await harness.Sink.WriteAsync(LineBatches.Batch([$"queue_depth,queue=sales waiting=3i {at}"]), CancellationToken.None);
            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(s_patience);
            await harness.Sink.WriteAsync(LineBatches.Batch([$"queue_depth,queue=sales waiting=5i {at}"]), CancellationToken.None);
            await harness.Sink.WriteAsync(LineBatches.Batch([$"queue_depth,queue=sales waiting=8i {at}"]), CancellationToken.None);
            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(s_patience);
        }

        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows = await influx.QueryRowsAsync("callmetrics", "SELECT * FROM queue_depth");
        rows.Should().ContainSingle().Which["waiting"].Should().Be(8L);
    }

    [Fact]
    public async Task BadLines_GoToTheRejectedCallback_WhileTheGoodLinesOfTheSameBatchAreWritten()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        long at = LineBatches.RecentTimestampNs();
        const string syntaxError = "agent_state,agent=a1 talking=";
        string typeConflict = $"agent_state,agent=a2 talking=\"yes\" {at}";
        var good = Enumerable.Range(0, 40).Select(i => $"agent_state,agent=g{i} talking={i}i {at}").ToList();
        var batch = good.Take(13).Append(syntaxError).Concat(good.Skip(13).Take(20)).Append(typeConflict).Concat(good.Skip(33)).ToList();
        bool acknowledged = false;

        await using (var harness = new InfluxSinkHarness(InfluxSinkHarness.V1(influx.Url)))
        {
            // Fix the field type first, so the conflict is the string line's fault whatever the split order.
            await harness.Sink.WriteAsync(LineBatches.Batch([$"agent_state,agent=seed talking=0i {at}"]), CancellationToken.None);
            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(s_patience);

            await harness.Sink.WriteAsync(LineBatches.Batch(batch, () => acknowledged = true), CancellationToken.None);
            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(s_patience);

            harness.Rejected.Select(r => r.Line).Should().Equal(syntaxError, typeConflict);
            harness.Rejected.First().Reason.Should().StartWith("HTTP 400").And.Contain("unable to parse");
            harness.Rejected.Last().Reason.Should().StartWith("HTTP 400").And.Contain("field type conflict");
            acknowledged.Should().BeTrue("a batch whose bad lines were dead-lettered is done");
            harness.Sink.Statistics.RejectedLines.Should().Be(2);
            harness.Sink.Statistics.LinesWritten.Should().Be(41);
        }

        IReadOnlyList<IReadOnlyDictionary<string, object?>> rows = await influx.QueryRowsAsync("callmetrics", "SELECT talking, agent FROM agent_state");
        rows.Select(r => (string)r["agent"]!).Should().BeEquivalentTo(good.Select((_, i) => $"g{i}").Append("seed"));
    }

    [Fact]
    public async Task PendingLines_AreWrittenAfterFlushInterval_WithoutAnExplicitFlush()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = new InfluxSinkHarness(InfluxSinkHarness.V1(influx.Url));

        await harness.Sink.WriteAsync(LineBatches.Batch([$"m v=1i {LineBatches.RecentTimestampNs()}"], durable.SetResult), CancellationToken.None);

        await durable.Task.WaitAsync(s_patience);
        (await influx.QueryRowsAsync("callmetrics", "SELECT * FROM m")).Should().ContainSingle();
    }

    [Fact]
    public async Task PayloadOverTheServersBodyLimit_IsSplitUntilItFits()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync(maxBodySize: 4096);
        IReadOnlyList<string> lines = LineBatches.Points("big", 400, LineBatches.RecentTimestampNs());
        InfluxOptions options = InfluxSinkHarness.V1(influx.Url, gzip: false);

        await using (var harness = new InfluxSinkHarness(options))
        {
            await harness.Sink.WriteAsync(LineBatches.Batch(lines), CancellationToken.None);
            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(s_patience);
            harness.Rejected.Should().BeEmpty();
        }

        (await influx.QueryRowsAsync("callmetrics", "SELECT count(calls) FROM big")).Single()["count"].Should().Be(400L);
    }

    [Fact]
    public async Task WriteAsync_AfterDispose_IsRefused()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        var harness = new InfluxSinkHarness(InfluxSinkHarness.V1(influx.Url));
        await harness.DisposeAsync();

        Func<Task> write = async () => await harness.Sink.WriteAsync(LineBatches.Batch(["m v=1i 1"]), CancellationToken.None);

        await write.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task WriteAsync_PayloadWithoutFinalNewline_IsMisuse()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        await using var harness = new InfluxSinkHarness(InfluxSinkHarness.V1(influx.Url));

        Func<Task> write = async () => await harness.Sink.WriteAsync(new SinkBatch(Encoding.UTF8.GetBytes("m v=1i 1"), 1), CancellationToken.None);

        await write.Should().ThrowAsync<ArgumentException>();
    }
}
