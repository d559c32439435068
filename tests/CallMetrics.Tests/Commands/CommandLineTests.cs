using CallMetrics.Commands;
using CallMetrics.Core.Tests.Support;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.Commands;

/// <summary>One grammar for every command: <c>--help</c> everywhere, usage errors as one line and exit status 2.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string> Commands() => ["run", "replay", "simulate", "convert", "import-anonymous-bank", "dev-broker", "help"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_prints_its_help_with_help_or_h_and_exits_0(string command)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var (exit, stdout, stderr) = await RunAsync(command, flag);

            exit.Should().Be(0, stderr);
            stderr.Should().BeEmpty();
            stdout.Should().Contain("Usage:").And.Contain(command == "help" ? "callmetrics help [<command>] [options]" : $"callmetrics {command} [options]");
            stdout.Should().Contain("-h, --help");
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_prints_its_help_from_the_real_executable(string command)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync([command, "--help"]);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("Usage:").And.Contain($"callmetrics {command}");
    }

    [Fact]
    public async Task Help_with_a_command_name_prints_that_command_s_help()
    {
        var direct = await RunAsync("convert", "--help");
        var viaHelp = await RunAsync("help", "convert");

        viaHelp.Exit.Should().Be(0);
        viaHelp.Stdout.Should().Be(direct.Stdout).And.Contain("--format");
    }

    [Fact]
    public async Task Help_alone_lists_every_command()
    {
        var (exit, stdout, _) = await RunAsync("help");

        exit.Should().Be(0);
        foreach (var command in Commands())
        {
            stdout.Should().Contain($"  {command} ");
        }
    }

    [Theory]
    [InlineData("replay", "--interval", "15", "--input", "x")]
    [InlineData("replay", "--max-future-skew", "soon", "--input", "x")]
    [InlineData("simulate", "--duration", "8x")]
    [InlineData("convert", "--reorder-window", "10", "--format", "asterisk-queue-log", "--input", "x")]
    [InlineData("import-anonymous-bank", "--wrap", "thirty", "--input", "x")]
    public async Task A_wrong_duration_exits_2_with_one_line_naming_the_option_and_the_syntax(string command, string option, string value, params string[] rest)
    {
        // run's durations are configuration settings, not options; dev-broker has none.
        var (exit, stdout, stderr) = await RunAsync([command, option, value, .. rest]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith($"callmetrics {command}: option {option}: '{value}' is not a duration ({CommandOptions.DurationExamples})");
        stderr.Should().EndWith(Environment.NewLine).And.Subject.TrimEnd().Should().NotContain("\n");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task An_unknown_option_exits_2_with_one_line_naming_it(string command)
    {
        var (exit, stdout, stderr) = await RunAsync(command, "--bogus", "1");

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"callmetrics {command}: unknown option '--bogus'{Environment.NewLine}");
    }

    [Theory]
    [InlineData("run", "--urls")]
    [InlineData("replay", "--input")]
    [InlineData("simulate", "--duration")]
    [InlineData("convert", "--format")]
    [InlineData("import-anonymous-bank", "--input")]
    [InlineData("dev-broker", "--brokers")]
    public async Task A_missing_value_exits_2_with_one_line_naming_the_option(string command, string option)
    {
        var (exit, stdout, stderr) = await RunAsync(command, option);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"callmetrics {command}: option {option} needs a value{Environment.NewLine}");
    }

    [Fact]
    public async Task A_wrong_duration_exits_2_with_one_line_from_the_real_executable()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(["replay", "--input", "x", "--interval=15"]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"callmetrics replay: option --interval: '15' is not a duration ({CommandOptions.DurationExamples})\n");
    }

    [Fact]
    public async Task Options_take_their_value_after_a_space_or_an_equals_sign()
    {
        var input = ScenarioFiles.Events("basic-call");

        var spaced = await RunAsync("replay", "--input", input, "--interval", "5m", "--rolling", "10m", "--step", "1m", "--quiet");
        var joined = await RunAsync("replay", "--input=" + input, "--interval=5m", "--rolling=10m", "--step=1m", "--quiet");

        spaced.Exit.Should().Be(0, spaced.Stderr);
        joined.Exit.Should().Be(0, joined.Stderr);
        joined.Stdout.Should().NotBeEmpty().And.Be(spaced.Stdout);
        spaced.Stdout.Should().Contain("window=5m");
    }

    [Fact]
    public async Task Days_are_a_duration_unit()
    {
        var input = ScenarioFiles.Events("basic-call");

        var days = await RunAsync("replay", "--input", input, "--retention", "2d", "--dedupe-horizon", "1d", "--quiet");
        var timeSpans = await RunAsync("replay", "--input", input, "--retention", "2.00:00:00", "--dedupe-horizon", "24h", "--quiet");

        days.Exit.Should().Be(0, days.Stderr);
        days.Stdout.Should().NotBeEmpty().And.Be(timeSpans.Stdout);
    }

    [Fact]
    public async Task No_command_exits_2_with_one_line()
    {
        var (exit, _, stderr) = await RunAsync();

        exit.Should().Be(2);
        stderr.Should().Be($"callmetrics: a command is required (try 'callmetrics help'){Environment.NewLine}");
    }

    [Fact]
    public async Task An_unknown_command_exits_2_with_one_line()
    {
        var (exit, _, stderr) = await RunAsync("frobnicate", "--now");

        exit.Should().Be(2);
        stderr.Should().Be($"callmetrics: unknown command 'frobnicate' (try 'callmetrics help'){Environment.NewLine}");
    }

    [Fact]
    public void Run_passes_section_key_settings_through_to_the_host_in_order()
    {
        var result = CommandLine.Root(Context()).Parse(["run", "--CallMetrics:Kafka:GroupId", "g1", "--urls=http://127.0.0.1:1", "--CallMetrics:Influx:Api=v2"]);

        RunDefinition.TrySettings(result.UnmatchedTokens, out var settings, out var error).Should().BeTrue(error);

        result.Errors.Should().BeEmpty();
        settings.Should().Equal("--CallMetrics:Kafka:GroupId", "g1", "--CallMetrics:Influx:Api=v2");
    }

    [Theory]
    [InlineData("--Urlz=x", "unknown option '--Urlz'")]
    [InlineData("stray", "unexpected argument 'stray' (settings are --Section:Key=value)")]
    [InlineData("--CallMetrics:Kafka:GroupId", "setting --CallMetrics:Kafka:GroupId needs a value")]
    public async Task Run_refuses_what_is_neither_an_option_nor_a_setting(string token, string message)
    {
        var (exit, _, stderr) = await RunAsync("run", token);

        exit.Should().Be(2);
        stderr.Should().Be($"callmetrics run: {message}{Environment.NewLine}");
    }

    private static CommandContext Context() => new(TextWriter.Null, TextWriter.Null, new FakeTimeProvider());

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CommandLine.RunAsync(args, new CommandContext(stdout, stderr, new FakeTimeProvider()), CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
