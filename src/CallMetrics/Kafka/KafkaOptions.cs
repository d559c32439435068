using System.Globalization;
using System.Text;

using Confluent.Kafka;

using Microsoft.Extensions.Configuration;

namespace CallMetrics.Kafka;

/// <summary>
/// Connection and consumption settings of the Kafka adapter, bound from the <c>CallMetrics:Kafka</c>
/// configuration section (<see cref="KafkaDefaults.SectionName"/>) with <see cref="FromConfiguration"/>.
/// Call <see cref="Validate"/> at start-up.
/// </summary>
/// <remarks>
/// Secrets (<c>sasl.password</c>, <c>ssl.key.password</c>, any property whose name contains
/// <c>password</c> or <c>secret</c>) never appear in <see cref="ToString"/>, which is the
/// <see cref="Describe"/> text, nor in errors raised by this folder (<see cref="Redact"/>).
/// </remarks>
public sealed class KafkaOptions
{
    /// <summary>Required: the brokers to bootstrap from, <c>host:port[,host:port...]</c>.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The consumer group (<c>group.id</c>). Default <see cref="KafkaDefaults.GroupId"/>.</summary>
    public string GroupId { get; set; } = KafkaDefaults.GroupId;

    /// <summary>The topics to consume. Default one topic, <see cref="KafkaDefaults.Topic"/>.</summary>
    public string[] Topics { get; set; } = [KafkaDefaults.Topic];

    /// <summary>Where rejected input goes. Default <see cref="KafkaDefaults.DeadLetterTopic"/>.</summary>
    public string DeadLetterTopic { get; set; } = KafkaDefaults.DeadLetterTopic;

    /// <summary>The <c>client.id</c> the brokers see. Default <see cref="KafkaDefaults.ClientId"/>.</summary>
    public string ClientId { get; set; } = KafkaDefaults.ClientId;

    /// <summary>
    /// librdkafka properties passed through verbatim to the consumer and the producers
    /// (<c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>, tuning). They override what the typed
    /// settings above derive, except the ones the adapter's correctness depends on
    /// (<c>enable.auto.offset.store</c>); see <see cref="Validate"/> for the ones that are refused.
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Optional path of a file whose content (trailing newline removed) becomes <c>sasl.password</c>.</summary>
    public string? SaslPasswordFile { get; set; }

    /// <summary>The largest batch handed downstream, in messages. Default <see cref="KafkaDefaults.MaxBatchSize"/>.</summary>
    public int MaxBatchSize { get; set; } = KafkaDefaults.MaxBatchSize;

    /// <summary>How long a batch may wait to fill after its first message. Default <see cref="KafkaDefaults.MaxBatchDelay"/>.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = KafkaDefaults.MaxBatchDelay;

    /// <summary>The group session timeout (<c>session.timeout.ms</c>). Default <see cref="KafkaDefaults.SessionTimeout"/>.</summary>
    public TimeSpan SessionTimeout { get; set; } = KafkaDefaults.SessionTimeout;

    /// <summary>The group heartbeat interval (<c>heartbeat.interval.ms</c>). Default <see cref="KafkaDefaults.HeartbeatInterval"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = KafkaDefaults.HeartbeatInterval;

    /// <summary>Where a group without committed offsets starts (<c>auto.offset.reset</c>). Default <see cref="KafkaDefaults.AutoOffsetReset"/>.</summary>
    public AutoOffsetReset AutoOffsetReset { get; set; } = KafkaDefaults.AutoOffsetReset;

    /// <summary>Reads the <c>CallMetrics:Kafka</c> section of <paramref name="configuration"/> (missing settings keep their defaults).</summary>
    /// <remarks>
    /// Use this rather than a bare <c>Bind</c>/<c>Get</c>: the configuration binder appends a configured
    /// list to an array's default instead of replacing it, which would keep consuming <c>call-events</c>
    /// beside the configured topics.
    /// </remarks>
    public static KafkaOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(KafkaDefaults.SectionName);
        KafkaOptions options = new();
        section.Bind(options);
        IConfigurationSection topics = section.GetSection(nameof(Topics));
        if (topics.GetChildren().Any())
        {
            options.Topics = topics.Get<string[]>() ?? [];
        }
        else if (topics.Value is { } single)
        {
            // CallMetrics__Kafka__Topics=a,b from the environment.
            options.Topics = single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return options;
    }

    /// <summary>
    /// Checks the settings and returns one message per problem, each naming the setting
    /// (<c>CallMetrics:Kafka:BootstrapServers is required</c>); empty when the options are usable.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        const string prefix = KafkaDefaults.SectionName + ":";
        List<string> errors = [];
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            errors.Add(prefix + "BootstrapServers is required");
        }

        RequireText(errors, prefix + "GroupId", GroupId);
        RequireText(errors, prefix + "DeadLetterTopic", DeadLetterTopic);
        RequireText(errors, prefix + "ClientId", ClientId);
        if (Topics is null || Topics.Length == 0)
        {
            errors.Add(prefix + "Topics must name at least one topic");
        }
        else if (Array.Exists(Topics, string.IsNullOrWhiteSpace))
        {
            errors.Add(prefix + "Topics must not contain an empty topic name");
        }
        else if (DeadLetterTopic is not null && Array.IndexOf(Topics, DeadLetterTopic) >= 0)
        {
            errors.Add(prefix + "DeadLetterTopic must not be one of CallMetrics:Kafka:Topics (rejected input would be read again)");
        }

        if (MaxBatchSize < 1)
        {
            errors.Add(prefix + "MaxBatchSize must be at least 1");
        }

        if (MaxBatchDelay <= TimeSpan.Zero || MaxBatchDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add(prefix + "MaxBatchDelay must be more than 0 and at most 00:01:00");
        }

        if (SessionTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add(prefix + "SessionTimeout must be at least 00:00:01");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval >= SessionTimeout)
        {
            errors.Add(prefix + "HeartbeatInterval must be more than 0 and less than CallMetrics:Kafka:SessionTimeout");
        }

        if (!Enum.IsDefined(AutoOffsetReset))
        {
            errors.Add(prefix + "AutoOffsetReset must be Earliest, Latest or Error");
        }

        if (!string.IsNullOrEmpty(SaslPasswordFile) && !File.Exists(SaslPasswordFile))
        {
            errors.Add(prefix + "SaslPasswordFile names a file that does not exist");
        }

        foreach (string key in (Properties ?? []).Keys)
        {
            if (KafkaClientConfigs.IsOwnedByTypedSetting(key, out string? setting))
            {
                errors.Add($"{prefix}Properties:{key} is set by {prefix}{setting}: use that setting");
            }
            else if (KafkaClientConfigs.IsReserved(key))
            {
                errors.Add($"{prefix}Properties:{key} cannot be overridden: the adapter stores offsets only after processing");
            }
            else if (key == "sasl.password" && !string.IsNullOrEmpty(SaslPasswordFile))
            {
                errors.Add($"{prefix}Properties:sasl.password and {prefix}SaslPasswordFile are both set: keep one");
            }
        }

        return errors;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every <see cref="Validate"/> error, if any.</summary>
    public void ThrowIfInvalid()
    {
        IReadOnlyList<string> errors = Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid Kafka settings: " + string.Join("; ", errors));
        }
    }

    /// <summary>A one-line description for logs, with every secret replaced by <c>***</c>.</summary>
    public string Describe()
    {
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture, $"BootstrapServers={BootstrapServers}, GroupId={GroupId}, ");
        text.Append(CultureInfo.InvariantCulture, $"Topics=[{string.Join(",", Topics ?? [])}], DeadLetterTopic={DeadLetterTopic}, ClientId={ClientId}, ");
        text.Append(CultureInfo.InvariantCulture, $"MaxBatchSize={MaxBatchSize}, MaxBatchDelay={MaxBatchDelay}, SessionTimeout={SessionTimeout}, ");
        text.Append(CultureInfo.InvariantCulture, $"HeartbeatInterval={HeartbeatInterval}, AutoOffsetReset={AutoOffsetReset}");
        if (!string.IsNullOrEmpty(SaslPasswordFile))
        {
            text.Append(CultureInfo.InvariantCulture, $", SaslPasswordFile={SaslPasswordFile}");
        }

        foreach (KeyValuePair<string, string> property in (Properties ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string value = KafkaClientConfigs.IsSecret(property.Key) ? KafkaClientConfigs.Redacted : property.Value;
            text.Append(CultureInfo.InvariantCulture, $", {property.Key}={value}");
        }

        return text.ToString();
    }

    /// <summary>
    /// Replaces in <paramref name="text"/> every secret these options carry (secret properties and the
    /// content of <see cref="SaslPasswordFile"/>) by <c>***</c>, for text from librdkafka (logs, errors)
    /// that might quote a configuration value.
    /// </summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (string secret in KafkaClientConfigs.Secrets(this))
        {
            text = text.Replace(secret, KafkaClientConfigs.Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A copy of these options that consumes <paramref name="topics"/> in the group <paramref name="groupId"/>.</summary>
    public KafkaOptions ForGroup(string groupId, IReadOnlyList<string> topics) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        Topics = [.. topics],
        DeadLetterTopic = DeadLetterTopic,
        ClientId = ClientId,
        Properties = new Dictionary<string, string>(Properties ?? [], StringComparer.Ordinal),
        SaslPasswordFile = SaslPasswordFile,
        MaxBatchSize = MaxBatchSize,
        MaxBatchDelay = MaxBatchDelay,
        SessionTimeout = SessionTimeout,
        HeartbeatInterval = HeartbeatInterval,
        AutoOffsetReset = AutoOffsetReset,
    };

    /// <summary>Same as <see cref="Describe"/>: secrets are never part of the text.</summary>
    public override string ToString() => Describe();

    private static void RequireText(List<string> errors, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(setting + " must not be empty");
        }
    }
}
