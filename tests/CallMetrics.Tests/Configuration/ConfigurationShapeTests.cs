using CallMetrics.Configuration;
using Microsoft.Extensions.Configuration;

namespace CallMetrics.Tests.Configuration;

public sealed class ConfigurationShapeTests
{
    [Fact]
    public void A_misspelt_key_is_named_with_the_key_it_probably_meant()
    {
        Check(("CallMetrics:Metrics:IdelTimeout", "1h")).Should().Equal(
            "CallMetrics:Metrics:IdelTimeout is not a setting (did you mean CallMetrics:Metrics:IdleTimeout?)");
    }

    [Fact]
    public void An_unknown_section_under_CallMetrics_is_refused()
    {
        Check(("CallMetrics:Metric:Interval", "15m")).Should().ContainSingle()
            .Which.Should().StartWith("CallMetrics:Metric is not a setting of callmetrics (did you mean CallMetrics:Metrics?)");
    }

    [Fact]
    public void Keys_outside_CallMetrics_are_not_judged()
    {
        Check(("Logging:LogLevel:Default", "Warning"), ("urls", "http://127.0.0.1:0"), ("Kestrel:Limits:MaxRequestBodySize", "10")).Should().BeEmpty();
    }

    [Fact]
    public void Keys_match_ignoring_case_and_maps_take_any_key()
    {
        Check(
            ("callmetrics:kafka:bootstrapservers", "b:9092"),
            ("CallMetrics:Kafka:Properties:security.protocol", "SASL_SSL"),
            ("CallMetrics:Pipeline:InputFormats:pbx", "asterisk-queue-log"),
            ("CallMetrics:Pipeline:Translator:QueueWrapUp:sales", "30s"),
            ("CallMetrics:Kafka:Topics:0", "a"),
            ("CallMetrics:Kafka:Topics", "a,b"),
            ("CallMetrics:Metrics:Rolling", string.Empty)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("CallMetrics:Metrics:Interval", "bogus", "CallMetrics:Metrics:Interval: 'bogus' is not a duration")]
    [InlineData("CallMetrics:Metrics:Interval", "30", "CallMetrics:Metrics:Interval: '30' is not a duration")]
    [InlineData("CallMetrics:Influx:Api", "v9", "CallMetrics:Influx:Api: 'v9' is not one of V1, V2")]
    [InlineData("CallMetrics:Influx:Api", "7", "CallMetrics:Influx:Api: '7' is not one of V1, V2")]
    [InlineData("CallMetrics:Pipeline:Shards", "many", "CallMetrics:Pipeline:Shards: 'many' is not a whole number")]
    [InlineData("CallMetrics:Pipeline:Shards", "99999999999", "CallMetrics:Pipeline:Shards: '99999999999' is not a whole number")]
    [InlineData("CallMetrics:Influx:Gzip", "yes", "CallMetrics:Influx:Gzip: 'yes' is not true or false")]
    [InlineData("CallMetrics:Pipeline:Translator:QueueWrapUp:sales", "soon", "CallMetrics:Pipeline:Translator:QueueWrapUp:sales: 'soon' is not a duration")]
    public void A_value_its_type_cannot_read_is_named_with_its_key(string key, string value, string expected)
    {
        Check((key, value)).Should().ContainSingle().Which.Should().StartWith(expected);
    }

    [Fact]
    public void A_section_where_a_value_belongs_is_refused()
    {
        Check(("CallMetrics:Metrics:Interval:Minutes", "15")).Should().ContainSingle()
            .Which.Should().StartWith("CallMetrics:Metrics:Interval takes a single value");
    }

    [Fact]
    public void A_list_takes_only_indexes()
    {
        Check(("CallMetrics:Kafka:Topics:first", "a")).Should().ContainSingle()
            .Which.Should().StartWith("CallMetrics:Kafka:Topics:first: a list takes indexes");
    }

    private static IReadOnlyList<string> Check(params (string Key, string Value)[] settings) =>
        ConfigurationShape.Check(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
            ServiceSections.All);
}
