using System.Globalization;
using CallMetrics.Commands;

namespace CallMetrics.Tests.Inputs;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("convert-tests").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Convert_writes_canonical_json_lines_with_the_configured_wrapup_and_tenant()
    {
        var (exit, output, error) = await RunAsync(
            "convert", "--format", "asterisk-queue-log", "--input", Translation.TestData("asterisk-abandons.queue_log"),
            "--wrapup", "sales=15s", "--tenant", "acme");

        exit.Should().Be(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(22);
        lines.Should().OnlyContain(l => l.Contains("\"tenant\":\"acme\"", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains("\"type\":\"wrap.ended\",\"ts\":\"2026-11-22T09:08:45.000Z\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Convert_writes_to_an_output_file_and_dead_letters_with_line_reason_and_raw()
    {
        var input = Path.Combine(_directory, "queue_log");
        var output = Path.Combine(_directory, "events.jsonl");
        var deadLetter = Path.Combine(_directory, "dead.jsonl");
        await File.WriteAllLinesAsync(input, ["1795338000|c1|sales|NONE|ENTERQUEUE||+31|1", "", "1795338001|c1|sales|NONE|JOINEMPTY|1", "garbage"]);

        var (exit, stdout, _) = await RunAsync("convert", "--format", "asterisk-queue-log", "--input", input, "--output", output, "--dead-letter", deadLetter);

        exit.Should().Be(0);
        stdout.Should().BeEmpty();
        (await File.ReadAllLinesAsync(output)).Should().HaveCount(2);
        (await File.ReadAllLinesAsync(deadLetter)).Should().Equal(
            """{"line":3,"reason":"unknown queue_log event 'JOINEMPTY'","raw":"1795338001|c1|sales|NONE|JOINEMPTY|1"}""",
            """{"line":4,"reason":"a queue_log line has at least 5 fields (epoch|callid|queue|agent|EVENT), found 1","raw":"garbage"}""");
    }

    [Fact]
    public async Task Without_dead_letter_file_rejected_records_are_reported_on_stderr()
    {
        var input = Path.Combine(_directory, "events.jsonl");
        await File.WriteAllLinesAsync(input, ["{broken"]);

        var (exit, _, error) = await RunAsync("convert", "--format", "amazon-connect", "--input", input);

        exit.Should().Be(0);
        error.Should().StartWith("convert: line 1: not valid JSON");
    }

    [Theory]
    [InlineData(new[] { "convert", "--input", "x" }, "callmetrics convert: option --format is required")]
    [InlineData(new[] { "convert", "--format", "asterisk-queue-log" }, "callmetrics convert: option --input is required")]
    [InlineData(new[] { "convert", "--format", "genesys", "--input", "x" }, "unknown format 'genesys'")]
    [InlineData(new[] { "convert", "--format", "canonical", "--input", "x" }, "needs no translation")]
    [InlineData(new[] { "convert", "--format", "asterisk-queue-log", "--input", "x", "--wrapup", "sales=soon" }, "option --wrapup: 'sales=soon' is not QUEUE=DURATION")]
    [InlineData(new[] { "convert", "--format", "asterisk-queue-log", "--input", "x", "--wrapup", "sales=-5s" }, "option --wrapup: 'sales=-5s' is not QUEUE=DURATION")]
    [InlineData(new[] { "convert", "--format", "asterisk-queue-log", "--input", "x", "--wrapup", "sales=15" }, "option --wrapup: 'sales=15' is not QUEUE=DURATION")]
    [InlineData(new[] { "convert", "--format", "asterisk-queue-log", "--input", "x", "--bogus", "1" }, "unknown option '--bogus'")]
    [InlineData(new[] { "convert", "--format", "amazon-connect", "--input", "x", "--acw-end", "never" }, "option --acw-end: 'never' is not one of cleared, cleared-or-status")]
    [InlineData(new[] { "convert", "--format", "amazon-connect", "--input", "x", "--team-level", "6" }, "option --team-level: '6' is not a level from 1 to 5")]
    public async Task Bad_arguments_give_a_one_line_error_and_exit_2(string[] args, string message)
    {
        var (exit, output, error) = await RunAsync(args);

        exit.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().Contain(message);
        error.TrimEnd().Should().NotContain("\n");
    }

    [Fact]
    public async Task An_unreadable_input_gives_a_one_line_error_and_exit_1()
    {
        var (exit, _, error) = await RunAsync("convert", "--format", "amazon-connect", "--input", Path.Combine(_directory, "missing.jsonl"));

        exit.Should().Be(1);
        error.Should().StartWith("convert: cannot read input");
    }
}
