namespace CallMetrics.Tests.Deployment;

/// <summary>Every CallMetrics__* variable the compose file and the chart set is a real, valid setting of the service.</summary>
public sealed class ConfigurationKeyTests
{
    public static TheoryData<string> ChartValuesFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in RepositoryFiles.ChartCiValues)
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void The_compose_service_sets_only_keys_of_the_options_classes()
    {
        var environment = ComposeFile.Load().Environment("callmetrics");

        environment.Keys.Should().Contain(k => k.StartsWith("CallMetrics__", StringComparison.Ordinal));
        OptionsKeys.UnknownKeys(environment.Keys).Should().BeEmpty();
    }

    [Fact]
    public void The_compose_service_environment_binds_and_validates()
    {
        OptionsKeys.BindAndValidate(ComposeFile.Load().Environment("callmetrics")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ChartValuesFiles))]
    public void The_chart_configmap_sets_only_keys_of_the_options_classes(string valuesFile)
    {
        var environment = ChartTemplates.RenderConfigMapEnvironment(ChartTemplates.Values(Path.Combine(RepositoryFiles.Chart, "ci", valuesFile)));

        OptionsKeys.UnknownKeys(environment.Keys).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ChartValuesFiles))]
    public void The_chart_configmap_environment_binds_and_validates(string valuesFile)
    {
        var environment = ChartTemplates.RenderConfigMapEnvironment(ChartTemplates.Values(Path.Combine(RepositoryFiles.Chart, "ci", valuesFile)));

        OptionsKeys.BindAndValidate(environment).Should().BeEmpty();
    }

    [Fact]
    public void The_full_example_renders_kafka_properties_and_metric_settings()
    {
        var environment = ChartTemplates.RenderConfigMapEnvironment(ChartTemplates.Values(Path.Combine(RepositoryFiles.Chart, "ci", "full-values.yaml")));

        environment.Should().Contain("CallMetrics__Kafka__Properties__security.protocol", "SASL_SSL")
            .And.Contain("CallMetrics__Kafka__Topics", "call-events,call-events-eu")
            .And.Contain("CallMetrics__Metrics__ServiceLevelThreshold", "30s")
            .And.Contain("CallMetrics__Pipeline__Shards", "2");
    }

    [Fact]
    public void The_statefulset_sets_only_keys_of_the_options_classes()
    {
        IReadOnlyList<string> names = ChartTemplates.StatefulSetEnvironmentNames();

        names.Should().BeEquivalentTo(
            "CallMetrics__Kafka__Properties__group.instance.id",
            "CallMetrics__Kafka__Properties__sasl.password",
            "CallMetrics__Influx__Token");
        OptionsKeys.UnknownKeys(names).Should().BeEmpty();
    }

    [Theory]
    [InlineData("CallMetrics__Kafka__BootstrapServer", "KafkaOptions has no settable property 'BootstrapServer'")]
    [InlineData("CallMetrics__Influxdb__Url", "no options section 'Influxdb'")]
    [InlineData("CallMetrics__Kafka__GroupId__x", "KafkaOptions.GroupId takes no key segments after it")]
    [InlineData("CallMetrics__Kafka__Properties", "KafkaOptions.Properties is a map: name exactly one entry after it")]
    public void A_misspelt_key_is_reported(string name, string expected)
    {
        OptionsKeys.UnknownKeys([name]).Should().ContainSingle().Which.Should().Contain(expected);
    }

    [Fact]
    public void Keys_match_properties_ignoring_case_as_dotnet_configuration_does()
    {
        OptionsKeys.UnknownKeys(["CALLMETRICS__kafka__bootstrapservers", "CallMetrics__Pipeline__StateDirectory"]).Should().BeEmpty();
    }

    [Fact]
    public void A_value_of_the_wrong_type_fails_binding()
    {
        var errors = OptionsKeys.BindAndValidate(new Dictionary<string, string>
        {
            ["CallMetrics__Kafka__BootstrapServers"] = "kafka:9092",
            ["CallMetrics__Pipeline__CheckpointInterval"] = "ten seconds",
        });

        errors.Should().ContainSingle().Which.Should().Contain("CheckpointInterval");
    }

    [Theory]
    [InlineData("10s")]
    [InlineData("00:00:10")]
    [InlineData("1m30s")]
    public void Durations_bind_in_the_command_line_syntax_and_as_time_spans(string value)
    {
        var errors = OptionsKeys.BindAndValidate(new Dictionary<string, string>
        {
            ["CallMetrics__Kafka__BootstrapServers"] = "kafka:9092",
            ["CallMetrics__Pipeline__CheckpointInterval"] = value,
            ["CallMetrics__Metrics__Retention"] = "2d",
        });

        errors.Should().BeEmpty();
    }
}
