using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CallMetrics.Commands;
using CallMetrics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallMetrics.Tests.Configuration;

/// <summary>
/// <c>callmetrics run</c> as a real process with a bad setting: exit 3 and one line naming the key and the problem, with
/// Kafka and InfluxDB addresses that never answer, so a start that tried to connect before checking would hang.
/// </summary>
public sealed class StartupFailureTests
{
    // Generous on a loaded machine; a start that waited on a connection would take 30 s or more (the Influx timeout, librdkafka's retries).
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(10);

    private static readonly string[] s_unreachable =
    [
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so a connection attempt hangs rather than fails.
        "--CallMetrics:Kafka:BootstrapServers=192.0.2.1:9092",
        "--CallMetrics:Influx:Url=http://192.0.2.1:8086",
    ];

    [Theory]
    [InlineData("unparsable duration", "--CallMetrics:Metrics:Interval=bogus", "CallMetrics:Metrics:Interval: 'bogus' is not a duration")]
    [InlineData("zero duration", "--CallMetrics:Metrics:Interval=00:00:00", "CallMetrics:Metrics:Interval: interval must be greater than zero")]
    [InlineData("number out of range", "--CallMetrics:Pipeline:Shards=0", "CallMetrics:Pipeline:Shards must be from 1 to 256, got 0")]
    [InlineData("unknown enum value", "--CallMetrics:Influx:Api=v9", "CallMetrics:Influx:Api: 'v9' is not one of V1, V2")]
    [InlineData("invalid combination", "--CallMetrics:Kafka:HeartbeatInterval=20s", "CallMetrics:Kafka:HeartbeatInterval must be more than 0 and less than CallMetrics:Kafka:SessionTimeout")]
    [InlineData("misspelt key", "--CallMetrics:Metrics:IdelTimeout=1h", "CallMetrics:Metrics:IdelTimeout is not a setting (did you mean CallMetrics:Metrics:IdleTimeout?)")]
    [InlineData("missing alert rule file", "--CallMetrics:Alerts:Rules=/nonexistent/rules.json", "CallMetrics:Alerts:Rules '/nonexistent/rules.json' does not exist")]
    [InlineData("missing secret file", "--CallMetrics:Http:BearerTokenFile=/nonexistent/token", "CallMetrics:Http:BearerTokenFile '/nonexistent/token' does not exist")]
    public async Task A_bad_setting_ends_the_start_with_exit_3_and_one_line_naming_it(string kind, string setting, string expected)
    {
        var (exitCode, stdout, stderr) = await RunAsync([.. s_unreachable, setting, "--urls", "http://127.0.0.1:0"]);

        exitCode.Should().Be(3, kind);
        OneLine(stderr).Should().StartWith($"callmetrics run: invalid configuration: {expected}", kind);
        stdout.Should().BeEmpty("nothing started, so nothing logged");
    }

    [Fact]
    public async Task A_bad_alert_rule_ends_the_start_with_exit_3_and_one_line_naming_the_rule()
    {
        var rules = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(rules, """[{"id": "ok", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 0}, {"id": "typo", "measurement": "queue_state", "field": "waiting", "op": ">", "value": 0, "for": "a while"}]""");

            var (exitCode, stdout, stderr) = await RunAsync([.. s_unreachable, $"--CallMetrics:Alerts:Rules={rules}", "--urls", "http://127.0.0.1:0"]);

            exitCode.Should().Be(3);
            OneLine(stderr).Should().Be($"callmetrics run: invalid configuration: CallMetrics:Alerts:Rules {rules}: rule \"typo\" (#2): \"for\" must be a duration such as \"90s\", \"1m\" or \"1h\"");
            stdout.Should().BeEmpty();
        }
        finally
        {
            File.Delete(rules);
        }
    }

    [Fact]
    public async Task Alert_rules_with_the_rolling_windows_off_end_the_start_with_exit_3()
    {
        var rules = Path.Combine(AppContext.BaseDirectory, "scenarios", "live-state-and-alerts.rules.json");

        var (exitCode, _, stderr) = await RunAsync([.. s_unreachable, $"--CallMetrics:Alerts:Rules={rules}", "--CallMetrics:Metrics:Rolling=", "--urls", "http://127.0.0.1:0"]);

        exitCode.Should().Be(3);
        OneLine(stderr).Should().Be("callmetrics run: invalid configuration: CallMetrics:Alerts:Rules needs CallMetrics:Metrics:Rolling: rules are evaluated at the rolling step instants");
    }

    [Fact]
    public async Task A_busy_port_ends_the_start_with_exit_3_and_one_line_naming_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (exitCode, stdout, stderr) = await RunAsync([.. s_unreachable, "--urls", $"http://127.0.0.1:{port}"]);

        exitCode.Should().Be(3);
        OneLine(stderr).Should().Be($"callmetrics run: invalid configuration: urls: http://127.0.0.1:{port}: port {port} is already in use");
        stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Validation_runs_before_the_host_resolves_or_starts_any_hosted_service()
    {
        var probe = new Probe();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await RunCommand.RunAsync(
            new RunArguments { HostArguments = [.. s_unreachable, "--CallMetrics:Metrics:Interval=00:00:00", "--urls=http://127.0.0.1:0"] },
            stdout,
            stderr,
            CancellationToken.None,
            builder => builder.Services.AddHostedService(_ => probe.Created()));

        exitCode.Should().Be(3);
        probe.WasCreated.Should().BeFalse("validation comes before the host resolves its hosted services (the graph's among them)");
        probe.WasStarted.Should().BeFalse();
        OneLine(stderr.ToString()).Should().StartWith("callmetrics run: invalid configuration: CallMetrics:Metrics:Interval:");
    }

    [Fact]
    public async Task A_valid_configuration_gets_past_the_checks_to_the_hosted_services()
    {
        // The control of the test above: with a good configuration the same probe is there for the host to start.
        // (Starting the whole service here would wait on the unreachable Kafka and InfluxDB when it stops.)
        var probe = new Probe();
        var app = RunCommand.Build(
            [.. s_unreachable, "--urls=http://127.0.0.1:0"],
            builder => builder.Services.AddHostedService(_ => probe.Created()));
        await using (app)
        {
            probe.WasCreated.Should().BeFalse("building does not create the hosted services");
            var hosted = app.Services.GetServices<IHostedService>().ToList();
            probe.WasCreated.Should().BeTrue();
            hosted.Should().Contain(s => s is Probe.ProbeService);
        }
    }

    private static string OneLine(string stderr)
    {
        var text = stderr.TrimEnd('\r', '\n');
        text.Should().NotContain("\n", "the problem is reported on one line");
        return text;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] settings)
    {
        using var process = CliProcess.Start(["run", .. settings]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        using var cancellation = new CancellationTokenSource(s_bound);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"callmetrics run {string.Join(' ', settings)} had not exited after {clock.Elapsed}: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public sealed class Probe
    {
        public bool WasCreated { get; private set; }

        public bool WasStarted { get; private set; }

        public ProbeService Created()
        {
            WasCreated = true;
            return new ProbeService(this);
        }

        public sealed class ProbeService(Probe probe) : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken)
            {
                probe.WasStarted = true;
                return Task.CompletedTask;
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
    }
}
