using System.Diagnostics;
using CallMetrics.Influx;

namespace CallMetrics.Tests.Influx;

/// <summary>The sink through InfluxDB.Client (the v2 API), against a server whose answers the test chooses.</summary>
public class InfluxClientTransportTests
{
    private const string Token = "v2-token-77e1c0";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Write_SendsTheLinesVerbatim_WithTokenOrgBucketAndNanoseconds(bool gzip)
    {
        await using ScriptedInfluxServer server = await ScriptedInfluxServer.StartAsync();
        IReadOnlyList<string> lines = LineBatches.Points("verbatim", 5, LineBatches.RecentTimestampNs() + 7);

        await using (var harness = new InfluxSinkHarness(V2(server.Url, gzip)))
        {
            await harness.Sink.WriteAsync(LineBatches.Batch(lines), CancellationToken.None);
            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            harness.Logs.Text.Should().NotContain(Token);
        }

        RecordedWrite write = server.Writes.Should().ContainSingle().Which;
        write.PathAndQuery.Should().Be("/api/v2/write?org=contact%20center&bucket=calls&precision=ns");
        write.Authorization.Should().Be("Token " + Token);
        write.ContentEncoding.Should().Be(gzip ? "gzip" : "identity");
        write.Body.Split('\n').Should().Equal(lines, "the formatted lines go out as they are, without re-modelling");
    }

    [Fact]
    public async Task BadRequest_SplitsTheBatch_DeadLettersOnlyTheBadLine_WritesTheRest()
    {
        await using ScriptedInfluxServer server = await ScriptedInfluxServer.StartAsync();
        server.Answer = (body, _) => body.Contains("broken", StringComparison.Ordinal)
            ? new ScriptedAnswer(400, """{"code":"invalid","message":"unable to parse 'broken v=': missing field value"}""")
            : ScriptedAnswer.NoContent;
        List<string> lines = LineBatches.Points("split", 8, LineBatches.RecentTimestampNs()).ToList();
        lines.Insert(5, "broken v=");

        await using var harness = new InfluxSinkHarness(V2(server.Url, gzip: true));
        await harness.Sink.WriteAsync(LineBatches.Batch(lines), CancellationToken.None);
        await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        RejectedLine rejected = harness.Rejected.Should().ContainSingle().Which;
        rejected.Line.Should().Be("broken v=");
        rejected.Reason.Should().Be("HTTP 400: unable to parse 'broken v=': missing field value");
        harness.Sink.Statistics.LinesWritten.Should().Be(8);
    }

    [Theory]
    [InlineData(401, """{"code":"unauthorized","message":"unauthorized access"}""")]
    [InlineData(403, """{"code":"forbidden","message":"insufficient permissions for write"}""")]
    [InlineData(404, """{"code":"not found","message":"bucket \"calls\" not found"}""")]
    public async Task ConfigurationErrors_AreLoggedAsErrors_AndRetried_NeverDropped(int status, string body)
    {
        await using ScriptedInfluxServer server = await ScriptedInfluxServer.StartAsync();
        server.Answer = (_, number) => number < 3 ? new ScriptedAnswer(status, body) : ScriptedAnswer.NoContent;
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var harness = new InfluxSinkHarness(V2(server.Url, gzip: false));
        await harness.Sink.WriteAsync(LineBatches.Batch([$"auth v=1i {LineBatches.RecentTimestampNs()}"], durable.SetResult), CancellationToken.None);
        await durable.Task.WaitAsync(TimeSpan.FromSeconds(20));

        server.Writes.Should().HaveCount(4, "the same lines are sent until the server takes them");
        server.Writes.Select(w => w.Body).Distinct().Should().ContainSingle();
        harness.Rejected.Should().BeEmpty();
        harness.Sink.Statistics.Retries.Should().Be(3);
        harness.Logs.Entries.Should().Contain(e => e.StartsWith("Error", StringComparison.Ordinal)
            && e.Contains($"HTTP {status}", StringComparison.Ordinal) && e.Contains("check the CallMetrics:Influx settings", StringComparison.Ordinal));
        harness.Logs.Text.Should().NotContain(Token);
    }

    [Fact]
    public async Task TooManyRequests_WaitsAsLongAsRetryAfterSays()
    {
        await using ScriptedInfluxServer server = await ScriptedInfluxServer.StartAsync();
        server.Answer = (_, number) => number == 0
            ? new ScriptedAnswer(429, """{"code":"too many requests","message":"slow down"}""", [("Retry-After", "2")])
            : ScriptedAnswer.NoContent;
        InfluxOptions options = V2(server.Url, gzip: false);
        options.MaxRetryDelay = TimeSpan.FromSeconds(5);

        await using var harness = new InfluxSinkHarness(options);
        await harness.Sink.WriteAsync(LineBatches.Batch([$"busy v=1i {LineBatches.RecentTimestampNs()}"]), CancellationToken.None);
        await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        // The delay the writer chose, as it logged it: exactly the server's, not the 100 ms first backoff step.
        harness.Logs.Entries.Should().Contain(e => e.Contains("HTTP 429: slow down", StringComparison.Ordinal) && e.Contains("in 00:00:02", StringComparison.Ordinal));
        server.Writes.Should().HaveCount(2);
    }

    [Fact]
    public async Task RetryAfterAsADate_TheClientCannotReadIt_TheWriteIsRetriedWithTheSinksBackoff()
    {
        await using ScriptedInfluxServer server = await ScriptedInfluxServer.StartAsync();
        server.Answer = (_, number) => number == 0
            ? new ScriptedAnswer(503, null, [("Retry-After", "Wed, 21 Oct 2037 07:28:00 GMT")])
            : ScriptedAnswer.NoContent;

        await using var harness = new InfluxSinkHarness(V2(server.Url, gzip: false));
        await harness.Sink.WriteAsync(LineBatches.Batch([$"dated v=1i {LineBatches.RecentTimestampNs()}"]), CancellationToken.None);
        await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        server.Writes.Should().HaveCount(2);
        harness.Logs.Entries.Should().Contain(e => e.Contains("could not read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoServer_IsATransientFailure_RetriedUntilTheServerAppears()
    {
        int port = FreePort();
        InfluxOptions options = V2($"http://127.0.0.1:{port}", gzip: true);
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = new InfluxSinkHarness(options);
        await harness.Sink.WriteAsync(LineBatches.Batch([$"late v=1i {LineBatches.RecentTimestampNs()}"], durable.SetResult), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        while (harness.Sink.Statistics.Retries < 2 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        harness.Sink.Statistics.IsHealthy.Should().BeFalse();
        harness.Sink.Statistics.LastError.Should().StartWith("HttpRequestException");
        durable.Task.IsCompleted.Should().BeFalse();
        (await harness.Sink.PingAsync(CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task Ping_IsTrueForAServerThatAnswers()
    {
        await using ScriptedInfluxServer server = await ScriptedInfluxServer.StartAsync();
        await using var harness = new InfluxSinkHarness(V2(server.Url, gzip: true));

        (await harness.Sink.PingAsync(CancellationToken.None)).Should().BeTrue();
    }

    internal static InfluxOptions V2(string url, bool gzip) => new()
    {
        Url = url,
        Api = InfluxApi.V2,
        Org = "contact center",
        Bucket = "calls",
        Token = Token,
        Gzip = gzip,
        BatchSize = 1000,
        FlushInterval = TimeSpan.FromMilliseconds(50),
        Timeout = TimeSpan.FromSeconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
        QueueCapacity = 8,
        ShutdownTimeout = TimeSpan.FromSeconds(10),
    };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
