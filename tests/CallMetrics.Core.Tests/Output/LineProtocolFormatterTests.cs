using System.Text;
using CallMetrics.Core.Output;
using CallMetrics.Core.Tests.Support;

namespace CallMetrics.Core.Tests.Output;

/// <summary>METRICS.md "Fields" (types) and "Replay contract" (line protocol, nanosecond timestamps).</summary>
public sealed class LineProtocolFormatterTests
{
    private static Scenario OneHandledCall() =>
        Scenario.Create().At("09:00").Login("a1", team: "blue").At("09:01").Queued("c1", "sales").At("09:01:10").Answered("c1", "a1")
            .At("09:03").Ended("c1").At("09:03:30").WrapEnded("c1", "a1").At("09:04").Survey("c1", 4).At("09:10").Logout("a1");

    [Fact]
    public void Integer_fields_are_written_as_integers_and_the_others_as_floats()
    {
        var s = OneHandledCall();
        var replayer = Replayer.Run(s);
        var integers = new HashSet<string>
        {
            "handled", "transfers", "surveys", "offered", "answered", "abandoned", "short_abandoned",
            "dispositioned", "resolved", "escalated", "sales", "complaints", "repeat_calls", "contacts", "repeated", "pending",
        };

        foreach (var line in replayer.Lines)
        {
            foreach (var (name, value) in line.Fields)
            {
                if (integers.Contains(name))
                {
                    value.Should().MatchRegex("^[0-9]+i$", "{0} of {1} is an int", name, line.Measurement);
                }
                else
                {
                    value.Should().NotEndWith("i", "{0} of {1} is a float", name, line.Measurement);
                    double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
                        .Should().BeTrue();
                }
            }
        }
    }

    [Fact]
    public void Timestamps_are_the_interval_start_in_unix_nanoseconds()
    {
        var replayer = Replayer.Run(OneHandledCall());

        replayer.Lines.Should().OnlyContain(l => l.Timestamp == 1_795_338_000_000_000_000L);
    }

    [Fact]
    public void Tag_values_with_spaces_commas_and_equals_signs_are_escaped_and_round_trip()
    {
        var s = Scenario.Create().At("09:00").Login("agent 1,x=y", team: "team blue", tenant: "acme, inc").At("09:10").Logout("agent 1,x=y", tenant: "acme, inc");
        var replayer = Replayer.Run(s);

        var agent = replayer.All("agent_metrics").Should().ContainSingle().Subject;
        agent.Tag("agent").Should().Be("agent 1,x=y");
        agent.Tag("team").Should().Be("team blue");
        agent.Tag("tenant").Should().Be("acme, inc");
        agent.Number("logged_in_s").Should().Be(600);
    }

    [Theory]
    [InlineData("a\\b", "a\\b")]
    [InlineData("a\\,b", "a\\\\,b")]
    [InlineData("a\\ b", "a\\\\ b")]
    [InlineData("a\\=b", "a\\\\=b")]
    [InlineData("\\\\x", "\\\\x")]
    [InlineData("\"q\" 'q'", "\"q\"\\ 'q'")]
    public void Tag_values_escape_only_commas_equals_signs_and_spaces_and_keep_backslashes_as_they_are(string value, string written)
    {
        var builder = new StringBuilder();

        LineProtocolText.AppendTagValue(builder, value);

        builder.ToString().Should().Be(written);
    }

    [Theory]
    [InlineData("a\\")]
    [InlineData("")]
    public void Tag_values_InfluxDB_cannot_carry_are_refused(string value)
    {
        var act = () => LineProtocolText.AppendTagValue(new StringBuilder(), value);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Tag_values_with_backslashes_round_trip_through_the_formatter()
    {
        var s = Scenario.Create().At("09:00").Login("a\\,b\\ c", team: "t\\=", tenant: "\\x").At("09:10").Logout("a\\,b\\ c", tenant: "\\x");

        var agent = Replayer.Run(s).All("agent_metrics").Should().ContainSingle().Subject;

        agent.Tag("agent").Should().Be("a\\,b\\ c");
        agent.Tag("team").Should().Be("t\\=");
        agent.Tag("tenant").Should().Be("\\x");
    }

    [Fact]
    public void Each_line_has_a_measurement_tags_fields_and_a_timestamp_and_ends_with_a_newline()
    {
        var output = Replayer.Run(OneHandledCall()).Output;

        output.Should().EndWith("\n");
        output.Should().NotContain("NaN").And.NotContain("Infinity");
        // agent, queue, team, tenant, and the call type (unspecified) of the one handled leg.
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5);
    }
}
