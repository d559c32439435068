namespace CallMetrics.Tests.Support;

/// <summary>The test-side Prometheus text-format reader accepts the format's own example and refuses its violations.</summary>
public class PrometheusTextTests
{
    // The example of the format's documentation (text format details), timestamps and escapes included.
    private const string Example = """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000

        # Escaping in label values:
        msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9

        # Minimalistic line:
        metric_without_timestamp_and_labels 12.47

        # A weird metric from before the epoch:
        something_weird{problem="division by zero"} +Inf -3982045

        # A histogram, which has a pretty complex representation in the text format:
        # HELP http_request_duration_seconds A histogram of the request duration.
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.05"} 24054
        http_request_duration_seconds_bucket{le="+Inf"} 144320
        http_request_duration_seconds_sum 53423
        http_request_duration_seconds_count 144320

        """;

    [Fact]
    public void The_documented_example_parses_into_its_families()
    {
        var families = PrometheusText.Parse(Example);

        families.Keys.Should().Equal("http_requests_total", "msdos_file_access_time_seconds", "metric_without_timestamp_and_labels", "something_weird", "http_request_duration_seconds");
        var requests = families["http_requests_total"];
        requests.Type.Should().Be("counter");
        requests.Help.Should().Be("The total number of HTTP requests.");
        requests.Samples.Select(s => (s.Labels["code"], s.Value, s.TimestampMs)).Should().Equal(("200", 1027d, 1395066363000L), ("400", 3d, 1395066363000L));
        families["msdos_file_access_time_seconds"].Samples[0].Labels.Should().Contain("path", @"C:\DIR\FILE.TXT").And.Contain("error", "Cannot find file:\n\"FILE.TXT\"");
        families["something_weird"].Samples[0].Value.Should().Be(double.PositiveInfinity);
        families["something_weird"].Samples[0].TimestampMs.Should().Be(-3982045);
        families["metric_without_timestamp_and_labels"].Type.Should().Be("untyped");
        families["http_request_duration_seconds"].Samples.Should().HaveCount(4);
    }

    [Theory]
    [InlineData("x 1", "does not end with a line feed")]
    [InlineData("x\n", "no blank before the value")]
    [InlineData("x one\n", "'one' is not a value")]
    [InlineData("9x 1\n", "is not a metric name")]
    [InlineData("x-y 1\n", "no blank before the value")]
    [InlineData("x{a=\"1} 1\n", "is not closed")]
    [InlineData("x{a=1} 1\n", "is not quoted")]
    [InlineData("x{a=\"\\t\"} 1\n", "unknown escape")]
    [InlineData("x{a=\"1\",a=\"2\"} 1\n", "label a repeated")]
    [InlineData("x{1a=\"1\"} 1\n", "is not a label name")]
    [InlineData("x 1 soon\n", "is not a timestamp")]
    [InlineData("x 1 2 3\n", "text after the timestamp")]
    [InlineData("x 1\nx 2\n", "series x repeated")]
    [InlineData("# TYPE x counter\n# TYPE x gauge\nx 1\n", "second TYPE of x")]
    [InlineData("# TYPE x counts\nx 1\n", "unknown type 'counts'")]
    [InlineData("x 1\n# TYPE x counter\n", "TYPE of x after its samples")]
    [InlineData("x{a=\"1\"} 1\ny 1\nx{a=\"2\"} 1\n", "the lines of x are not together")]
    public void A_line_outside_the_grammar_is_refused_with_its_number(string text, string reason)
    {
        var parsing = () => PrometheusText.Parse(text);

        parsing.Should().Throw<FormatException>().WithMessage($"*{reason}*").Which.Message.Should().MatchRegex(@"^(line \d+: |the exposition)");
    }
}
