using CallMetrics.Commands;

namespace CallMetrics.Tests.Inputs.AnonymousBank;

public class ImportAnonymousBankCommandTests
{
    private static readonly string Csv = Path.Combine(AppContext.BaseDirectory, "samples", "anonymous-bank-one-day.csv");
    private static readonly string Jsonl = Path.Combine(AppContext.BaseDirectory, "samples", "anonymous-bank-one-day.jsonl");

    private static async Task<(int Status, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var status = await CommandLine.RunAsync(["import-anonymous-bank", .. args], stdout, stderr, CancellationToken.None);
        return (status, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Writes_the_bundled_sample_to_the_output_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ab-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (status, _, errors) = await RunAsync("--input", Csv, "--date", "2026-11-22", "--output", path);

            status.Should().Be(0);
            File.ReadAllBytes(path).Should().Equal(File.ReadAllBytes(Jsonl));
            var lines = errors.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            lines.Should().HaveCount(31, "30 rejected rows and a summary");
            lines[0].Should().EndWith(":149: rejected: outcome PHANTOM: a virtual call that the data's documentation says to ignore");
            lines[^1].Should().Be("callmetrics import-anonymous-bank: 2375 rows: 2345 translated, 30 rejected; 9973 events");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Writes_to_standard_output_without_output()
    {
        var (status, output, _) = await RunAsync("--input", Csv, "--date", "1999-01-04");

        status.Should().Be(0);
        output.Should().StartWith("{\"event_id\":\"ab-19990104-1\",\"type\":\"call.arrived\",\"ts\":\"1999-01-04T00:10:10.000Z\"");
    }

    [Theory]
    [InlineData(new[] { "--date", "2026-11-22" }, "callmetrics import-anonymous-bank: option --input is required")]
    [InlineData(new[] { "--input", "x.csv", "--date", "22/11/2026" }, "callmetrics import-anonymous-bank: option --date: '22/11/2026' is not a date (yyyy-MM-dd)")]
    [InlineData(new[] { "--input" }, "callmetrics import-anonymous-bank: option --input needs a value")]
    [InlineData(new[] { "--input", "x.csv", "--frobnicate" }, "callmetrics import-anonymous-bank: unknown option '--frobnicate'")]
    [InlineData(new[] { "--input", "x.csv", "--wrap", "2h" }, "callmetrics import-anonymous-bank: Wrap must be between 0 and 1 h")]
    public async Task Bad_arguments_give_a_one_line_error(string[] args, string message)
    {
        var (status, _, errors) = await RunAsync(args);

        status.Should().Be(2);
        errors.Should().Be(message + Environment.NewLine);
    }

    [Fact]
    public async Task A_missing_input_file_is_a_one_line_error()
    {
        var (status, _, errors) = await RunAsync("--input", "/nonexistent/ab.csv");

        status.Should().Be(1);
        errors.Should().StartWith("callmetrics import-anonymous-bank: cannot read --input '/nonexistent/ab.csv'").And.EndWith(Environment.NewLine);
        errors.TrimEnd().Should().NotContain("\n");
    }
}
