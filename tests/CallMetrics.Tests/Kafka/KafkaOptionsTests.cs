using CallMetrics.Kafka;

using Confluent.Kafka;

using Microsoft.Extensions.Configuration;

namespace CallMetrics.Tests.Kafka;

public sealed class KafkaOptionsTests : IDisposable
{
    private const string Password = "s3cr3t-Pa55";
    private readonly string _directory = Directory.CreateTempSubdirectory("kafka-options-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        KafkaOptions options = new();

        options.GroupId.Should().Be("callmetrics");
        options.Topics.Should().Equal("call-events");
        options.DeadLetterTopic.Should().Be("call-events-dead-letter");
        options.ClientId.Should().Be("callmetrics");
        options.MaxBatchSize.Should().Be(10_000);
        options.MaxBatchDelay.Should().Be(TimeSpan.FromMilliseconds(50));
        options.SessionTimeout.Should().Be(TimeSpan.FromSeconds(10));
        options.HeartbeatInterval.Should().Be(TimeSpan.FromSeconds(1));
        options.AutoOffsetReset.Should().Be(AutoOffsetReset.Earliest);
    }

    [Fact]
    public void Validate_WithoutBootstrapServers_NamesTheSetting()
    {
        new KafkaOptions().Validate().Should().Equal("CallMetrics:Kafka:BootstrapServers is required");
    }

    [Fact]
    public void Validate_BadValues_NameEachSetting()
    {
        KafkaOptions options = new()
        {
            BootstrapServers = "localhost:9092",
            Topics = [],
            MaxBatchSize = 0,
            MaxBatchDelay = TimeSpan.Zero,
            HeartbeatInterval = TimeSpan.FromSeconds(20),
            SaslPasswordFile = Path.Combine(_directory, "missing"),
            Properties = { ["group.id"] = "other", ["enable.auto.offset.store"] = "true" },
        };

        IReadOnlyList<string> errors = options.Validate();

        errors.Should().HaveCount(7);
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Kafka:Topics ", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Kafka:MaxBatchSize ", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Kafka:MaxBatchDelay ", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Kafka:HeartbeatInterval ", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Kafka:SaslPasswordFile ", StringComparison.Ordinal));
        errors.Should().Contain("CallMetrics:Kafka:Properties:group.id is set by CallMetrics:Kafka:GroupId: use that setting");
        errors.Should().Contain(e => e.StartsWith("CallMetrics:Kafka:Properties:enable.auto.offset.store ", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_BindFromTheCallMetricsKafkaSection()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallMetrics:Kafka:BootstrapServers"] = "broker:9092",
            ["CallMetrics:Kafka:Topics:0"] = "a",
            ["CallMetrics:Kafka:Topics:1"] = "b",
            ["CallMetrics:Kafka:MaxBatchDelay"] = "00:00:00.200",
            ["CallMetrics:Kafka:AutoOffsetReset"] = "latest",
            ["CallMetrics:Kafka:Properties:security.protocol"] = "SASL_SSL",
        }).Build();

        KafkaOptions options = KafkaOptions.FromConfiguration(configuration);

        options.Validate().Should().BeEmpty();
        options.Topics.Should().Equal("a", "b");
        options.MaxBatchDelay.Should().Be(TimeSpan.FromMilliseconds(200));
        options.AutoOffsetReset.Should().Be(AutoOffsetReset.Latest);
        options.Properties.Should().Contain("security.protocol", "SASL_SSL");
    }

    [Fact]
    public void FromConfiguration_CommaSeparatedTopics_AreSplit()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallMetrics:Kafka:Topics"] = "a, b",
        }).Build();

        KafkaOptions.FromConfiguration(configuration).Topics.Should().Equal("a", "b");
    }

    [Fact]
    public void FromConfiguration_EmptySection_KeepsTheDefaults()
    {
        KafkaOptions options = KafkaOptions.FromConfiguration(new ConfigurationBuilder().Build());

        options.Topics.Should().Equal("call-events");
        options.GroupId.Should().Be("callmetrics");
    }

    [Fact]
    public void ToString_NeverShowsSecrets()
    {
        KafkaOptions options = WithSecrets();

        string text = options.ToString();

        text.Should().NotContain(Password).And.NotContain("key-pass").And.NotContain("oidc-secret");
        text.Should().Contain("sasl.password=***").And.Contain("ssl.key.password=***").And.Contain("sasl.oauthbearer.client.secret=***");
        text.Should().Contain("security.protocol=SASL_SSL").And.Contain("BootstrapServers=broker:9093");
    }

    [Fact]
    public void Redact_RemovesSecretsFromTheFileAndFromProperties()
    {
        string file = Path.Combine(_directory, "password");
        File.WriteAllText(file, "from-file-pw\n");
        KafkaOptions options = WithSecrets();
        options.Properties.Remove("sasl.password");
        options.SaslPasswordFile = file;

        string redacted = options.Redact("auth failed for from-file-pw with key-pass");

        redacted.Should().Be("auth failed for *** with ***");
    }

    [Fact]
    public void ConsumerConfig_TakesTheSaslPasswordFromTheFileWithoutItsNewline()
    {
        string file = Path.Combine(_directory, "password");
        File.WriteAllText(file, Password + "\n");
        KafkaOptions options = new() { BootstrapServers = "broker:9093", SaslPasswordFile = file };

        ConsumerConfig config = KafkaClientConfigs.ForConsumer(options);

        config.SaslPassword.Should().Be(Password);
        config.EnableAutoOffsetStore.Should().BeFalse();
        config.EnableAutoCommit.Should().BeTrue();
        config.GroupId.Should().Be("callmetrics");
        config.SessionTimeoutMs.Should().Be(10_000);
        config.HeartbeatIntervalMs.Should().Be(1_000);
        options.ToString().Should().NotContain(Password);
    }

    [Fact]
    public void ConsumerConfig_PassesPropertiesThroughVerbatim()
    {
        KafkaOptions options = WithSecrets();

        ConsumerConfig config = KafkaClientConfigs.ForConsumer(options);

        config.Get("security.protocol").Should().Be("SASL_SSL");
        config.Get("ssl.key.password").Should().Be("key-pass");
        config.Get("fetch.max.bytes").Should().Be("1048576");
    }

    [Fact]
    public void ConsumerConfig_WaitsAtMost100msPerFetch_UnlessAPropertySaysOtherwise()
    {
        KafkaClientConfigs.ForConsumer(new KafkaOptions { BootstrapServers = "broker:9092" }).FetchWaitMaxMs.Should().Be(100);

        KafkaOptions tuned = new() { BootstrapServers = "broker:9092", Properties = new Dictionary<string, string> { ["fetch.wait.max.ms"] = "20" } };
        KafkaClientConfigs.ForConsumer(tuned).FetchWaitMaxMs.Should().Be(20);
    }

    private static KafkaOptions WithSecrets() => new()
    {
        BootstrapServers = "broker:9093",
        Properties =
        {
            ["security.protocol"] = "SASL_SSL",
            ["sasl.mechanism"] = "PLAIN",
            ["sasl.username"] = "callmetrics",
            ["sasl.password"] = Password,
            ["ssl.key.password"] = "key-pass",
            ["sasl.oauthbearer.client.secret"] = "oidc-secret",
            ["fetch.max.bytes"] = "1048576",
        },
    };
}
