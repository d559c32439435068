using CallMetrics.Alerts;
using System.ComponentModel;
using System.Reflection;
using CallMetrics.Configuration;
using CallMetrics.Hosting;
using CallMetrics.Kafka;
using CallMetrics.Live;
using CallMetrics.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallMetrics.Tests.Configuration;

/// <summary>
/// Every key docs/CONFIGURATION.md documents binds through the service's own registration and takes the value given,
/// not its default; every key of the options classes is documented. A key added to the doc without code, or to the
/// code without the doc, fails here.
/// </summary>
public sealed class DocumentedKeysTests : IDisposable
{
    private const string FileToken = "{file}";

    /// <summary>A value for each documented key that differs from its default, with what else it needs to be valid.</summary>
    private static readonly Dictionary<string, Sample> s_samples = new(StringComparer.Ordinal)
    {
        ["CallMetrics:Kafka:BootstrapServers"] = new("broker-a:9092,broker-b:9092"),
        ["CallMetrics:Kafka:GroupId"] = new("group-b"),
        ["CallMetrics:Kafka:Topics"] = Sample.Settings(o => ((string[])o!).SequenceEqual(["in-a", "in-b"]), ("Topics:0", "in-a"), ("Topics:1", "in-b")),
        ["CallMetrics:Kafka:DeadLetterTopic"] = new("dead"),
        ["CallMetrics:Kafka:ClientId"] = new("client-b"),
        ["CallMetrics:Kafka:Properties"] = Sample.Settings(o => ((Dictionary<string, string>)o!)["fetch.wait.max.ms"] == "200", ("Properties:fetch.wait.max.ms", "200")),
        ["CallMetrics:Kafka:SaslPasswordFile"] = new(FileToken),
        ["CallMetrics:Kafka:MaxBatchSize"] = new("500"),
        ["CallMetrics:Kafka:MaxBatchDelay"] = new("20ms"),
        ["CallMetrics:Kafka:SessionTimeout"] = new("30s"),
        ["CallMetrics:Kafka:HeartbeatInterval"] = new("3s"),
        ["CallMetrics:Kafka:AutoOffsetReset"] = new("latest"),
        ["CallMetrics:Influx:Url"] = new("http://influx.example:8086"),
        ["CallMetrics:Influx:Api"] = new("v2", ("Org", "o"), ("Bucket", "b")),
        ["CallMetrics:Influx:Database"] = new("other"),
        ["CallMetrics:Influx:RetentionPolicy"] = new("weekly"),
        ["CallMetrics:Influx:Username"] = new("user"),
        ["CallMetrics:Influx:Password"] = new("pw", ("Username", "user")),
        ["CallMetrics:Influx:PasswordFile"] = new(FileToken, ("Username", "user")),
        ["CallMetrics:Influx:Org"] = new("org"),
        ["CallMetrics:Influx:Bucket"] = new("bucket"),
        ["CallMetrics:Influx:Token"] = new("token"),
        ["CallMetrics:Influx:TokenFile"] = new(FileToken),
        ["CallMetrics:Influx:BatchSize"] = new("100"),
        ["CallMetrics:Influx:FlushInterval"] = new("2s"),
        ["CallMetrics:Influx:Gzip"] = new("false"),
        ["CallMetrics:Influx:Timeout"] = new("5s"),
        ["CallMetrics:Influx:MaxRetryDelay"] = new("1m"),
        ["CallMetrics:Influx:QueueCapacity"] = new("8"),
        ["CallMetrics:Influx:CreateDatabase"] = new("false"),
        ["CallMetrics:Influx:ShutdownTimeout"] = new("10s"),
        ["CallMetrics:Metrics:Interval"] = new("30m"),
        ["CallMetrics:Metrics:Rolling"] = new("30m"),
        ["CallMetrics:Metrics:Step"] = new("5m"),
        ["CallMetrics:Metrics:ServiceLevelThreshold"] = new("30s"),
        ["CallMetrics:Metrics:ShortAbandon"] = new("10s"),
        ["CallMetrics:Metrics:MaxWrap"] = new("5m"),
        ["CallMetrics:Metrics:Lateness"] = new("2m"),
        ["CallMetrics:Metrics:Retention"] = new("2d"),
        ["CallMetrics:Metrics:DedupeHorizon"] = new("2d"),
        ["CallMetrics:Metrics:IdleTimeout"] = new("6h"),
        ["CallMetrics:Metrics:MaxFutureSkew"] = new("1d"),
        ["CallMetrics:Metrics:FcrWindow"] = new("5d"),
        ["CallMetrics:Metrics:OutcomeMap"] = new(OutcomeMapSample()),
        ["CallMetrics:Metrics:EscalationQueues"] = Sample.Settings(o => ((List<string>)o!).SequenceEqual(["tier2"]), ("EscalationQueues:0", "tier2")),
        ["CallMetrics:Metrics:MaxEventAge"] = new("30d"),
        ["CallMetrics:Pipeline:Shards"] = new("4"),
        ["CallMetrics:Pipeline:QueueCapacity"] = new("8"),
        ["CallMetrics:Pipeline:SourceIdleTimeout"] = new("20s"),
        ["CallMetrics:Pipeline:ProvisionalInterval"] = new("0"),
        ["CallMetrics:Pipeline:CheckpointInterval"] = new("30s"),
        ["CallMetrics:Pipeline:StateDirectory"] = new("/var/lib/callmetrics"),
        ["CallMetrics:Pipeline:InputFormats"] = Sample.Settings(o => ((Dictionary<string, string>)o!)["pbx"] == "asterisk-queue-log", ("InputFormats:pbx", "asterisk-queue-log")),
        ["CallMetrics:Pipeline:Translator"] = Sample.Settings(o => ((CallMetrics.Inputs.TranslatorOptions)o!).Tenant == "acme", ("Translator:Tenant", "acme")),
        ["CallMetrics:Pipeline:Mode"] = new("Scaled"),
        ["CallMetrics:Pipeline:RepartitionTopic"] = new("by-tenant"),
        ["CallMetrics:Pipeline:RepartitionPartitions"] = new("24"),
        ["CallMetrics:Pipeline:CheckpointTopic"] = new("checkpoints"),
        ["CallMetrics:Health:StallAfter"] = new("2m"),
        ["CallMetrics:Live:PublishInterval"] = new("1s"),
        ["CallMetrics:Live:StreamInterval"] = new("2s"),
        ["CallMetrics:Live:HeartbeatInterval"] = new("30s"),
        ["CallMetrics:Live:RecentAbandons"] = new("10"),
        ["CallMetrics:Wallboard:OccupancyGreenFrom"] = new("0.5"),
        ["CallMetrics:Wallboard:OccupancyAmberAbove"] = new("0.88"),
        ["CallMetrics:Wallboard:OccupancyRedAbove"] = new("0.95"),
        ["CallMetrics:Wallboard:ServiceLevelGreenFrom"] = new("0.9"),
        ["CallMetrics:Wallboard:ServiceLevelAmberFrom"] = new("0.6"),
        ["CallMetrics:Wallboard:StaleAfter"] = new("1m"),
        ["CallMetrics:Wallboard:HistorySpan"] = new("2h"),
        ["CallMetrics:Wallboard:RotateEvery"] = new("5s"),
        ["CallMetrics:Wallboard:Title"] = new("Floor 2"),
        ["CallMetrics:Telemetry:OtlpEndpoint"] = new("http://collector:4317"),
        ["CallMetrics:Telemetry:OtlpProtocol"] = new("http/protobuf"),
        ["CallMetrics:Http:BearerToken"] = new("s3cret"),
        ["CallMetrics:Http:BearerTokenFile"] = new(FileToken),
        ["CallMetrics:Alerts:Webhooks"] = Sample.Settings(o => ((List<string>)o!).SequenceEqual(["http://hooks.example/a", "https://hooks.example/b"]), ("Webhooks:0", "http://hooks.example/a"), ("Webhooks:1", "https://hooks.example/b")),
        ["CallMetrics:Alerts:Topic"] = new("alerts"),
        ["CallMetrics:Alerts:Rules"] = new(Path.Combine(AppContext.BaseDirectory, "scenarios", "live-state-and-alerts.rules.json")),
        ["CallMetrics:Alerts:WebhookQueueCapacity"] = new("50"),
        ["CallMetrics:Alerts:WebhookTimeout"] = new("3s"),
        ["CallMetrics:Alerts:WebhookRetryDelay"] = new("2s"),
        ["CallMetrics:Alerts:WebhookMaxRetryDelay"] = new("2m"),
    };

    private readonly string _file = Path.GetTempFileName();

    public DocumentedKeysTests()
    {
        DurationConverter.Register();
        File.WriteAllText(_file, "secret\n");
    }

    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var (section, keys) in DocumentedKeys.Read())
        {
            foreach (var key in keys)
            {
                data.Add($"{section}:{key}");
            }
        }

        return data;
    }

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void The_doc_documents_exactly_the_sections_the_service_reads()
    {
        DocumentedKeys.Read().Keys.Should().BeEquivalentTo(ServiceSections.All.Select(s => s.Path));
    }

    [Fact]
    public void Every_key_of_the_options_classes_is_documented()
    {
        var documented = DocumentedKeys.Read();
        var missing = ServiceSections.All
            .SelectMany(s => SettableProperties(s.OptionsType).Select(p => $"{s.Path}:{p.Name}"))
            .Where(key => !documented.TryGetValue(key[..key.LastIndexOf(':')], out var keys) || !keys.Contains(key[(key.LastIndexOf(':') + 1)..]))
            .ToList();

        missing.Should().BeEmpty("docs/CONFIGURATION.md must list every setting in its section's table");
    }

    [Fact]
    public void The_doc_lists_a_good_number_of_keys()
    {
        // Guards the parser: a table format it no longer reads would make the theory below vacuous.
        Keys().Count.Should().BeGreaterThan(60);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_documented_key_binds_through_the_service_registration_and_takes_the_value_given(string key)
    {
        s_samples.Should().ContainKey(key, "each documented key needs a sample value in this test");
        var sample = s_samples[key];
        var sectionPath = key[..key.LastIndexOf(':')];
        var name = key[(key.LastIndexOf(':') + 1)..];
        var section = ServiceSections.All.Single(s => s.Path == sectionPath);

        using var provider = Provider(sample.ToConfiguration(sectionPath, name, _file), out var problems);
        problems.Should().BeEmpty($"the sample for {key} is valid");
        var bound = Bound(provider, section.OptionsType);
        var property = section.OptionsType.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!;
        property.Should().NotBeNull();
        var actual = property.GetValue(bound);

        if (sample.Check is { } check)
        {
            check(actual).Should().BeTrue($"{key} was bound from {string.Join(", ", sample.Extra.Select(e => e.Key + "=" + e.Value))}");
            return;
        }

        var expected = Convert(sample.Value!.Replace(FileToken, _file, StringComparison.Ordinal), property.PropertyType);
        actual.Should().Be(expected, $"{key}={sample.Value} binds");
        actual.Should().NotBe(property.GetValue(Activator.CreateInstance(section.OptionsType)), $"the sample for {key} differs from its default, so binding shows");
    }

    [Fact]
    public void IdleTimeout_reaches_the_engine_options()
    {
        using var provider = Provider(new() { ["CallMetrics:Metrics:IdleTimeout"] = "6h" }, out var problems);

        problems.Should().BeEmpty();
        provider.GetRequiredService<IOptions<MetricsSettings>>().Value.ToOptions().IdleTimeout.Should().Be(TimeSpan.FromHours(6));
    }

    [Fact]
    public void Kafka_session_timeout_reaches_the_consumer_configuration_and_topics_read_from_one_value()
    {
        using var provider = Provider(new() { ["CallMetrics:Kafka:SessionTimeout"] = "30s", ["CallMetrics:Kafka:Topics"] = "a, b" }, out var problems);

        problems.Should().BeEmpty();
        var kafka = provider.GetRequiredService<KafkaOptions>();
        KafkaClientConfigs.ForConsumer(kafka).SessionTimeoutMs.Should().Be(30_000);
        kafka.Topics.Should().Equal("a", "b");
    }

    [Fact]
    public void An_empty_rolling_setting_turns_rolling_windows_off_in_the_engine_options()
    {
        using var provider = Provider(new() { ["CallMetrics:Metrics:Rolling"] = string.Empty }, out var problems);

        problems.Should().BeEmpty();
        provider.GetRequiredService<IOptions<MetricsSettings>>().Value.ToOptions().Rolling.Should().BeNull();
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings, out IReadOnlyList<string> problems)
    {
        settings.TryAdd("CallMetrics:Kafka:BootstrapServers", "127.0.0.1:1");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var shape = ConfigurationShape.Check(configuration, ServiceSections.All);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCallMetricsService(configuration);
        services.AddLiveView(configuration);
        services.AddAlerts(configuration);
        var provider = services.BuildServiceProvider();
        problems = [.. shape, .. StartupValidation.Problems(provider)];
        return provider;
    }

    private static object Bound(ServiceProvider provider, Type optionsType) =>
        optionsType == typeof(KafkaOptions)
            ? provider.GetRequiredService<KafkaOptions>()
            : typeof(IOptions<>).MakeGenericType(optionsType).GetProperty("Value")!.GetValue(provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(optionsType)))!;

    private static object? Convert(string value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) ? value : TypeDescriptor.GetConverter(underlying).ConvertFromInvariantString(value);
    }

    private static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.SetMethod is { IsPublic: true } || (p.PropertyType.IsClass && p.PropertyType != typeof(string))));

    /// <summary>A sample: the key's value, or settings under the section checked by <see cref="Check"/>, plus what else it needs.</summary>
    // An outcome map must be a readable map file (the service checks it at start).
    private static string OutcomeMapSample()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "documented-keys-outcome-map.json");
        File.WriteAllText(path, "{\"fixed\": \"resolved\"}");
        return path;
    }

    private sealed record Sample(string? Value, params (string Key, string Value)[] Extra)
    {
        public Func<object?, bool>? Check { get; init; }

        public static Sample Settings(Func<object?, bool> check, params (string Key, string Value)[] settings) => new(null, settings) { Check = check };

        public Dictionary<string, string?> ToConfiguration(string section, string name, string file)
        {
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (Value is not null)
            {
                settings[$"{section}:{name}"] = Value.Replace(FileToken, file, StringComparison.Ordinal);
            }

            foreach (var (key, value) in Extra)
            {
                settings[$"{section}:{key}"] = value.Replace(FileToken, file, StringComparison.Ordinal);
            }

            return settings;
        }
    }
}
