using System.Diagnostics;
using System.Text;
using CallMetrics.Influx;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Influx;

/// <summary>Credentials and configuration errors against a real InfluxDB 1.x with authentication on.</summary>
public class InfluxSinkCredentialsTests
{
    private const string AdminPassword = "adm1n-Pw-7731";
    private const string WriterPassword = "wr1ter-Pw-4410";
    private const string Token = "tok-9d2e41b7c0";

    [Fact]
    public async Task RefusedCredentials_AreRetriedLoudly_NothingIsDropped_AndTheWriteLandsOnceTheUserExists()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync(adminUser: "admin", adminPassword: AdminPassword);
        await influx.CreateDatabaseAsync("callmetrics");
        InfluxOptions options = InfluxSinkHarness.V1(influx.Url);
        options.Username = "writer";
        options.Password = WriterPassword;
        options.CreateDatabase = false;
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long at = LineBatches.RecentTimestampNs();

        await using (var harness = new InfluxSinkHarness(options))
        {
            await harness.Sink.WriteAsync(LineBatches.Batch([$"auth_check v=1i {at}"], durable.SetResult), CancellationToken.None);
            await WaitForAsync(() => harness.Sink.Statistics.Retries >= 3);

            durable.Task.IsCompleted.Should().BeFalse("a refused write is delayed, not dropped");
            harness.Sink.Statistics.Should().Match<InfluxSinkStatistics>(s => !s.IsHealthy && s.LastError!.StartsWith("HTTP 401", StringComparison.Ordinal));
            harness.Logs.Entries.Should().Contain(e => e.StartsWith("Error", StringComparison.Ordinal) && e.Contains("check the CallMetrics:Influx settings", StringComparison.Ordinal));

            await influx.ExecuteAsync($"CREATE USER writer WITH PASSWORD '{WriterPassword}'");
            await influx.ExecuteAsync("GRANT WRITE ON callmetrics TO writer");
            await durable.Task.WaitAsync(TimeSpan.FromSeconds(20));

            harness.Sink.Statistics.IsHealthy.Should().BeTrue();
            AssertNoSecret(harness.Logs.Text + options + influx.Output, WriterPassword, basicUser: "writer");
        }

        (await influx.QueryRowsAsync("callmetrics", "SELECT v FROM auth_check")).Should().ContainSingle().Which["v"].Should().Be(1L);
    }

    [Fact]
    public async Task PasswordFile_AndCreateDatabaseAtStartUp_WorkWithAuthenticationOn()
    {
        await using InfluxServer influx = await InfluxServer.StartNewAsync(adminUser: "admin", adminPassword: AdminPassword);
        string passwordFile = Path.Combine(influx.Directory, "influx-password");
        await File.WriteAllTextAsync(passwordFile, AdminPassword + "\n");
        InfluxOptions options = InfluxSinkHarness.V1(influx.Url, database: "fresh db");
        options.Username = "admin";
        options.PasswordFile = passwordFile;

        await using (var harness = new InfluxSinkHarness(options))
        {
            await harness.Sink.WriteAsync(LineBatches.Batch([$"created v=2i {LineBatches.RecentTimestampNs()}"]), CancellationToken.None);
            await harness.Sink.FlushAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            AssertNoSecret(harness.Logs.Text + options + influx.Output, AdminPassword, basicUser: "admin");
        }

        (await influx.QueryRowsAsync("fresh db", "SELECT v FROM created")).Should().ContainSingle();
    }

    [Fact]
    public async Task WrongApi_IsAConfigurationError_RetriedUntilShutdown_WithoutLeakingTheToken()
    {
        // InfluxDB 1.6 has no /api/v2/write: every attempt gets 404.
        await using InfluxServer influx = await InfluxServer.StartNewAsync();
        var options = new InfluxOptions
        {
            Url = influx.Url,
            Api = InfluxApi.V2,
            Org = "o",
            Bucket = "b",
            Token = Token,
            FlushInterval = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            ShutdownTimeout = TimeSpan.FromMilliseconds(500),
        };
        bool acknowledged = false;
        var harness = new InfluxSinkHarness(options);

        await harness.Sink.WriteAsync(LineBatches.Batch([$"m v=1i {LineBatches.RecentTimestampNs()}"], () => acknowledged = true), CancellationToken.None);
        Task flush = harness.Sink.FlushAsync(CancellationToken.None);
        await WaitForAsync(() => harness.Sink.Statistics.Retries >= 3);
        var stopping = Stopwatch.StartNew();
        await harness.DisposeAsync();

        await flush.Invoking(f => f).Should().ThrowAsync<OperationCanceledException>("a flush that cannot complete is released at shutdown");
        stopping.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "disposal gives up after ShutdownTimeout");
        acknowledged.Should().BeFalse("the batch never reached the server, so it must be replayed, not acknowledged");
        harness.Sink.Statistics.LastError.Should().StartWith("HTTP 404");
        harness.Logs.Text.Should().Contain("must be replayed");
        AssertNoSecret(harness.Logs.Text + options + influx.Output, Token);
    }

    private static void AssertNoSecret(string output, string secret, string? basicUser = null)
    {
        output.Should().NotContain(secret);
        if (basicUser is not null)
        {
            output.Should().NotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(basicUser + ":" + secret)), "the basic auth header is a secret too");
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("Condition not met within 10 s.");
            }

            await Task.Delay(20);
        }
    }
}
