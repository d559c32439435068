using System.Text;
using CallMetrics.Commands;
using CallMetrics.Simulation;

namespace CallMetrics.Tests.Simulation;

public class SimulateCommandTests
{
    private static async Task<(int Status, string Out, string Err)> RunAsync(TimeProvider? time, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var status = await CommandLine.RunAsync(["simulate", .. args], new CommandContext(stdout, stderr, time ?? new SelfAdvancingTimeProvider()), CancellationToken.None);
        return (status, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Writes_JSON_Lines_to_standard_output_by_default()
    {
        var (status, output, errors) = await RunAsync(null, "--agents", "5", "--duration", "1h", "--start", "2026-11-22T09:00:00Z");

        status.Should().Be(0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().NotBeEmpty();
        lines.Should().AllSatisfy(l => l.Should().StartWith("{\"event_id\":\"sim-1-").And.EndWith("}"));
        output.Should().EndWith("}\n");
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_output_is_the_simulator_output_for_the_same_options()
    {
        var (_, output, _) = await RunAsync(null, "--seed", "4", "--agents", "8", "--teams", "2", "--queues", "2", "--duration", "90m", "--start", "2026-11-22T10:00:00Z", "--calls-per-hour", "50");
        var expected = Some.JsonLines(new CallCenterSimulator(new SimulationOptions
        {
            Seed = 4,
            Agents = 8,
            Teams = 2,
            Queues = 2,
            Duration = TimeSpan.FromMinutes(90),
            Start = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
            CallsPerHour = 50,
        }));

        output.Should().Be(Encoding.UTF8.GetString(expected));
    }

    [Fact]
    public async Task Writes_to_a_file_with_output()
    {
        var path = Path.Combine(Path.GetTempPath(), $"simulate-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (status, output, _) = await RunAsync(null, "--agents", "5", "--duration", "2h", "--output", path);

            status.Should().Be(0);
            output.Should().BeEmpty();
            File.ReadAllLines(path).Should().NotBeEmpty();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--agents", "0", "--agents")]
    [InlineData("--agents", "many", "--agents")]
    [InlineData("--duration", "8x", "--duration")]
    [InlineData("--duration", "-1h", "--duration")]
    [InlineData("--start", "yesterday", "--start")]
    [InlineData("--seed", "1.5", "--seed")]
    [InlineData("--speed", "-2", "--speed")]
    [InlineData("--calls-per-hour", "0", "--calls-per-hour")]
    [InlineData("--bogus", "1", "'--bogus'")]
    public async Task A_bad_argument_gives_a_one_line_error_naming_it(string name, string value, string named)
    {
        var (status, output, errors) = await RunAsync(null, name, value);

        status.Should().Be(2);
        output.Should().BeEmpty();
        errors.TrimEnd('\n').Should().NotContain("\n").And.StartWith("callmetrics simulate: ").And.Contain(named);
    }

    [Fact]
    public async Task A_missing_value_is_named()
    {
        var (status, _, errors) = await RunAsync(null, "--duration");

        status.Should().Be(2);
        errors.Should().Be("callmetrics simulate: option --duration needs a value" + Environment.NewLine);
    }

    [Fact]
    public async Task Invalid_combinations_are_reported_by_option()
    {
        var (status, _, errors) = await RunAsync(null, "--agents", "2", "--teams", "3");

        status.Should().Be(2);
        errors.Should().StartWith("callmetrics simulate: Teams");
    }

    [Fact]
    public async Task An_unwritable_output_is_a_one_line_error()
    {
        var (status, _, errors) = await RunAsync(null, "--duration", "1h", "--output", "/nonexistent-dir/x.jsonl");

        status.Should().Be(1);
        errors.Should().StartWith("callmetrics simulate: cannot write --output '/nonexistent-dir/x.jsonl'");
    }

    [Fact]
    public async Task Speed_paces_simulated_time_against_the_injected_clock()
    {
        var clock = new SelfAdvancingTimeProvider();

        var (status, _, _) = await RunAsync(clock, "--agents", "10", "--duration", "1h", "--start", "2026-11-22T09:00:00Z", "--speed", "60");

        status.Should().Be(0);
        clock.Waits.Should().BeGreaterThan(10);
        // One simulated hour at 60x is one minute of wall time (up to the last event, which comes before the hour ends).
        clock.Elapsed.Should().BeCloseTo(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Speed_zero_never_waits()
    {
        var clock = new SelfAdvancingTimeProvider();

        await RunAsync(clock, "--agents", "10", "--duration", "1h", "--speed", "0");

        clock.Waits.Should().Be(0);
    }

    [Fact]
    public async Task Progress_prints_lines_to_standard_error()
    {
        var (status, _, errors) = await RunAsync(null, "--agents", "10", "--duration", "2h", "--start", "2026-11-22T09:00:00Z", "--speed", "60", "--progress");

        status.Should().Be(0);
        var lines = errors.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Length.Should().BeGreaterThan(2, "a paced two-hour run takes two minutes of (fake) wall time");
        lines.Should().AllSatisfy(l => l.Should().MatchRegex(@"^simulate: (done, )?\d+ events, simulated time \S+, \d+ events/s, [\d.]+ s$"));
        lines[^1].Should().StartWith("simulate: done, ");
    }

    [Fact]
    public async Task Output_and_kafka_together_are_a_usage_error()
    {
        var (status, _, errors) = await RunAsync(null, "--kafka", "127.0.0.1:9", "--output", "x.jsonl");

        status.Should().Be(2);
        errors.Should().Be("callmetrics simulate: --output cannot be combined with --kafka" + Environment.NewLine);
    }

    [Fact]
    public async Task Help_lists_the_outcome_and_repeat_options_with_their_defaults()
    {
        var (_, output, _) = await RunAsync(null, "--help");
        static string Number(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // System.CommandLine's help: each option on its line, its default as [default: X].
        string Line(string option) => output.Split('\n').Single(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Line("--outbound").Should().Contain($"[default: {Number(SimulationDefaults.OutboundProbability)}]");
        Line("--escalation").Should().Contain($"[default: {Number(SimulationDefaults.EscalationProbability)}]");
        Line("--escalation-queue").Should().Contain(SimulationDefaults.EscalationQueue);
        Line("--disposition").Should().Contain($"[default: {Number(SimulationDefaults.DispositionProbability)}]");
        Line("--repeat-resolved").Should().Contain($"[default: {Number(SimulationDefaults.RepeatProbabilityResolved)}]");
        Line("--repeat-unresolved").Should().Contain($"[default: {Number(SimulationDefaults.RepeatProbabilityUnresolved)}]");
        Line("--repeat-delay-min").Should().Contain("[default: 01:00:00]");
        Line("--repeat-delay-max").Should().Contain("[default: 5.00:00:00]");
        SimulationDefaults.RepeatDelayMin.Should().Be(TimeSpan.FromHours(1));
        SimulationDefaults.RepeatDelayMax.Should().Be(TimeSpan.FromDays(5));
    }

    [Fact]
    public async Task The_outcome_and_repeat_options_reach_the_simulator()
    {
        string[] args =
        [
            "--agents", "8", "--duration", "2d", "--outbound", "0.2", "--escalation", "0.1", "--escalation-queue", "tier2",
            "--disposition", "0.5", "--repeat-resolved", "0", "--repeat-unresolved", "1", "--repeat-delay-min", "30m", "--repeat-delay-max", "2h",
        ];
        var (status, output, errors) = await RunAsync(null, args);
        var expected = Some.JsonLines(new CallCenterSimulator(new SimulationOptions
        {
            Agents = 8,
            Duration = TimeSpan.FromDays(2),
            OutboundProbability = 0.2,
            EscalationProbability = 0.1,
            EscalationQueue = "tier2",
            DispositionProbability = 0.5,
            RepeatProbabilityResolved = 0,
            RepeatProbabilityUnresolved = 1,
            RepeatDelayMin = TimeSpan.FromMinutes(30),
            RepeatDelayMax = TimeSpan.FromHours(2),
        }));

        status.Should().Be(0, errors);
        output.Should().Be(Encoding.UTF8.GetString(expected)).And.Contain("\"to_queue\":\"tier2\"");
    }

    [Theory]
    [InlineData("--outbound", "1.5")]
    [InlineData("--escalation", "-0.1")]
    [InlineData("--disposition", "most")]
    [InlineData("--repeat-resolved", "2")]
    [InlineData("--repeat-unresolved", "x")]
    [InlineData("--repeat-delay-min", "0")]
    [InlineData("--repeat-delay-max", "soon")]
    [InlineData("--escalation-queue", " ")]
    public async Task A_bad_outcome_or_repeat_option_is_named(string name, string value)
    {
        var (status, _, errors) = await RunAsync(null, name, value);

        status.Should().Be(2);
        errors.Should().StartWith($"callmetrics simulate: option {name}");
    }

    [Fact]
    public async Task An_escalation_queue_named_like_a_regular_queue_is_refused()
    {
        var (status, _, errors) = await RunAsync(null, "--escalation-queue", "support");

        status.Should().Be(2);
        errors.Should().StartWith("callmetrics simulate: EscalationQueue must differ");
    }

    [Fact]
    public async Task A_minimum_repeat_delay_above_the_maximum_is_refused()
    {
        var (status, _, errors) = await RunAsync(null, "--repeat-delay-min", "6d");

        status.Should().Be(2);
        errors.Should().StartWith("callmetrics simulate: RepeatDelayMin");
    }

    [Fact]
    public async Task A_duration_in_days_runs_a_shift_on_each_day()
    {
        var (status, output, errors) = await RunAsync(null, "--agents", "6", "--teams", "2", "--duration", "3d", "--start", "2026-11-22T00:00:00Z");
        var logins = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("type").GetString() == "agent.login")
            .Select(r => (Day: r.GetProperty("ts").GetString()![..10], Agent: r.GetProperty("agent_id").GetString()))
            .ToList();

        status.Should().Be(0, errors);
        logins.Should().HaveCount(18).And.OnlyHaveUniqueItems();
        logins.Select(l => l.Day).Distinct().Should().Equal("2026-11-22", "2026-11-23", "2026-11-24");
    }

    [Fact]
    public async Task Cancellation_stops_the_run_with_what_was_written_flushed()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var status = await SimulateCommand.RunAsync(Arguments(agents: 200, TimeSpan.FromDays(2)), stdout, stderr, new SelfAdvancingTimeProvider(), sink: null, cts.Token);

        status.Should().Be(130);
        stderr.ToString().Should().Be("callmetrics simulate: cancelled" + Environment.NewLine);
    }

    [Fact]
    public async Task A_given_sink_receives_the_events_instead_of_standard_output()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var sink = new CollectingSink();

        var status = await SimulateCommand.RunAsync(Arguments(agents: 5, TimeSpan.FromHours(1)), stdout, stderr, new SelfAdvancingTimeProvider(), sink, CancellationToken.None);

        status.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().BeEmpty();
        sink.Events.Should().NotBeEmpty();
        sink.Flushes.Should().BeGreaterThan(0);
    }

    private static SimulateArguments Arguments(int agents, TimeSpan duration) => new()
    {
        Options = new SimulationOptions { Agents = agents, Duration = duration, Start = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero) },
    };

    private sealed class CollectingSink : ISimulatedEventSink
    {
        public List<SimulatedEvent> Events { get; } = [];

        public int Flushes { get; private set; }

        public void Write(in SimulatedEvent simulatedEvent) => Events.Add(simulatedEvent);

        public Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }
    }
}
