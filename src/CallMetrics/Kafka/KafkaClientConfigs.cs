using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>Turns <see cref="KafkaOptions"/> into librdkafka client configurations, and knows which values are secret.</summary>
internal static class KafkaClientConfigs
{
    /// <summary>What a secret value is replaced by in text.</summary>
    internal const string Redacted = "***";

    private static readonly Dictionary<string, string> TypedSettings = new(StringComparer.Ordinal)
    {
        ["bootstrap.servers"] = nameof(KafkaOptions.BootstrapServers),
        ["metadata.broker.list"] = nameof(KafkaOptions.BootstrapServers),
        ["group.id"] = nameof(KafkaOptions.GroupId),
        ["client.id"] = nameof(KafkaOptions.ClientId),
        ["session.timeout.ms"] = nameof(KafkaOptions.SessionTimeout),
        ["heartbeat.interval.ms"] = nameof(KafkaOptions.HeartbeatInterval),
        ["auto.offset.reset"] = nameof(KafkaOptions.AutoOffsetReset),
    };

    /// <summary>Whether a librdkafka property holds a secret (<c>*password*</c>, <c>*secret*</c>, private keys).</summary>
    internal static bool IsSecret(string key) =>
        key.Contains("password", StringComparison.OrdinalIgnoreCase)
        || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || key.Equals("ssl.key.pem", StringComparison.OrdinalIgnoreCase)
        || key.Equals("ssl_key", StringComparison.OrdinalIgnoreCase)
        || key.Equals("sasl.oauthbearer.config", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="key"/> is derived from a typed setting of <see cref="KafkaOptions"/>.</summary>
    internal static bool IsOwnedByTypedSetting(string key, out string? setting) => TypedSettings.TryGetValue(key, out setting);

    /// <summary>Whether <paramref name="key"/> is fixed by the adapter: offsets are stored only after processing.</summary>
    internal static bool IsReserved(string key) => key == "enable.auto.offset.store";

    /// <summary>The secret values <paramref name="options"/> carries, longest first (so that no part of one survives).</summary>
    internal static IEnumerable<string> Secrets(KafkaOptions options)
    {
        List<string> secrets = [];
        foreach (KeyValuePair<string, string> property in options.Properties ?? [])
        {
            if (IsSecret(property.Key) && !string.IsNullOrEmpty(property.Value))
            {
                secrets.Add(property.Value);
            }
        }

        string? fromFile = ReadSaslPassword(options);
        if (!string.IsNullOrEmpty(fromFile))
        {
            secrets.Add(fromFile);
        }

        return secrets.OrderByDescending(s => s.Length);
    }

    /// <summary>The consumer configuration: explicit offset store after processing, auto-commit of what was stored.</summary>
    internal static ConsumerConfig ForConsumer(KafkaOptions options)
    {
        ConsumerConfig config = new()
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            ClientId = options.ClientId,
            SessionTimeoutMs = Milliseconds(options.SessionTimeout),
            HeartbeatIntervalMs = Milliseconds(options.HeartbeatInterval),
            AutoOffsetReset = options.AutoOffsetReset,
            EnableAutoCommit = true,

            // librdkafka's 500 ms default is the longest part of an event's way to the live view on a broker that
            // answers a fetch only when its wait ends (the dev broker does); 100 ms keeps the wallboard's p99 well
            // under a second for a few more empty fetches per idle partition. A pass-through property overrides it.
            FetchWaitMaxMs = 100,
        };
        ApplyPassThrough(config, options);

        // Correctness, not tuning: an offset is stored only once the pipeline says its data is durable
        // downstream; auto-commit then commits only what was stored.
        config.EnableAutoOffsetStore = false;
        return config;
    }

    /// <summary>A producer configuration: the adapter's <paramref name="defaults"/> first, then the pass-through properties.</summary>
    internal static ProducerConfig ForProducer(KafkaOptions options, Action<ProducerConfig> defaults)
    {
        ProducerConfig config = new()
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
        };
        defaults(config);
        ApplyPassThrough(config, options);
        return config;
    }

    /// <summary>
    /// A consumer that reads partitions it assigns itself (no group membership, no commits): reading the
    /// last checkpoint of a partition, for example. <c>group.id</c> is set only because the client wants one.
    /// </summary>
    internal static ConsumerConfig ForReader(KafkaOptions options, string groupId)
    {
        ConsumerConfig config = ForConsumer(options);
        config.GroupId = groupId;
        config.EnableAutoCommit = false;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        return config;
    }

    /// <summary>An admin client configuration (metadata look-ups).</summary>
    internal static AdminClientConfig ForAdmin(KafkaOptions options)
    {
        AdminClientConfig config = new()
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
        };
        ApplyPassThrough(config, options);
        return config;
    }

    /// <summary>A client error or log line from librdkafka, with every secret of <paramref name="options"/> removed.</summary>
    internal static string Redact(KafkaOptions options, string? text) => text is null ? string.Empty : options.Redact(text);

    /// <summary>
    /// Builds a client, rethrowing librdkafka's configuration errors with secrets redacted: it quotes the
    /// refused value, which may be a password. The original exception is dropped, not wrapped, for that reason.
    /// </summary>
    internal static T BuildRedacted<T>(KafkaOptions options, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(Redact(options, e.Message));
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(Redact(options, e.Message));
        }
        catch (KafkaException e)
        {
            throw new KafkaException(new Error(e.Error.Code, Redact(options, e.Error.Reason), e.Error.IsFatal));
        }
    }

    private static void ApplyPassThrough(ClientConfig config, KafkaOptions options)
    {
        foreach (KeyValuePair<string, string> property in options.Properties ?? [])
        {
            config.Set(property.Key, property.Value);
        }

        string? password = ReadSaslPassword(options);
        if (password is not null)
        {
            config.SaslPassword = password;
        }
    }

    private static string? ReadSaslPassword(KafkaOptions options)
    {
        if (string.IsNullOrEmpty(options.SaslPasswordFile) || !File.Exists(options.SaslPasswordFile))
        {
            return null;
        }

        // Secret files (Kubernetes, Docker) often end with a newline that is not part of the password.
        return File.ReadAllText(options.SaslPasswordFile).TrimEnd('\r', '\n');
    }

    private static int Milliseconds(TimeSpan duration) =>
        (int)Math.Clamp(duration.TotalMilliseconds, 0, int.MaxValue);
}
