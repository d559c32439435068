using System.Runtime.InteropServices;

namespace CallMetrics.Kafka;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock brokers, which speak the Kafka protocol over TCP on
/// 127.0.0.1 (produce, fetch, consumer groups with offset commits, idempotent producer), so any client,
/// in this process or another one, can connect to <see cref="BootstrapServers"/>. Everything is kept in
/// memory: this is the broker of the demo and the tests, not a production one.
/// </summary>
/// <remarks>
/// <para>
/// Each partition keeps at most <see cref="RetainedBytesPerPartition"/> bytes or
/// <see cref="RetainedBatchesPerPartition"/> batches; beyond that librdkafka drops the oldest without a word
/// (the limits are fixed in its source, rdkafka_mock.c, with no setting to raise them). Give a topic enough
/// partitions for what it must hold, and let <see cref="MockClusterRetentionWatch"/> say when records were dropped.
/// </para>
/// <para>
/// The cluster lives as long as this object: <see cref="Dispose"/> closes the listeners. The native mock
/// API is thread-safe (each call is a request to the cluster's own thread), and so is this class:
/// calls are serialised with <see cref="Dispose"/>.
/// </para>
/// </remarks>
public sealed class MockKafkaCluster : IDisposable
{
    /// <summary>The most bytes (of record batches, as produced) a partition keeps: 5 MiB, then the oldest go.</summary>
    public const long RetainedBytesPerPartition = 5 * 1024 * 1024;

    /// <summary>The most record batches a partition keeps: 100 000, then the oldest go.</summary>
    public const int RetainedBatchesPerPartition = 100_000;

    /// <summary>The retention limit in words, for usage text and logs.</summary>
    public const string RetentionText =
        "keeps about 5 MB (or 100,000 batches) per partition and drops the oldest records beyond that";

    private const int ErrorBufferSize = 512;

    private readonly Lock _gate = new();
    private IntPtr _owner;
    private IntPtr _cluster;

    /// <summary>Starts a mock cluster of <paramref name="brokerCount"/> brokers, with ids 1 to <paramref name="brokerCount"/>.</summary>
    /// <param name="brokerCount">How many brokers to start; at least 1.</param>
    /// <exception cref="InvalidOperationException">librdkafka could not start the cluster.</exception>
    public MockKafkaCluster(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        KafkaNative.EnsureLoaded();

        // The mock cluster needs an rd_kafka_t for its book-keeping; it is never used to produce.
        byte[] errstr = new byte[ErrorBufferSize];
        IntPtr conf = MockClusterNativeMethods.ConfNew();
        // Only errors: the owning handle has no bootstrap servers and would otherwise warn about it.
        if (MockClusterNativeMethods.ConfSet(conf, "log_level", "3", errstr, (UIntPtr)errstr.Length) != MockClusterNativeMethods.ConfOk)
        {
            MockClusterNativeMethods.ConfDestroy(conf);
            throw new InvalidOperationException($"Cannot configure the mock cluster: {MockClusterNativeMethods.ErrorText(errstr)}");
        }

        _owner = MockClusterNativeMethods.KafkaNew(MockClusterNativeMethods.ProducerType, conf, errstr, (UIntPtr)errstr.Length);
        if (_owner == IntPtr.Zero)
        {
            // rd_kafka_new takes ownership of conf only when it succeeds.
            MockClusterNativeMethods.ConfDestroy(conf);
            throw new InvalidOperationException($"Cannot create the mock cluster's client: {MockClusterNativeMethods.ErrorText(errstr)}");
        }

        _cluster = MockClusterNativeMethods.MockClusterNew(_owner, brokerCount);
        if (_cluster == IntPtr.Zero)
        {
            MockClusterNativeMethods.KafkaDestroy(_owner);
            _owner = IntPtr.Zero;
            throw new InvalidOperationException("librdkafka could not start the mock cluster (no free port on 127.0.0.1?).");
        }

        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNativeMethods.MockClusterBootstraps(_cluster)) ?? string.Empty;
    }

    /// <summary>The brokers' listeners, <c>127.0.0.1:PORT[,127.0.0.1:PORT...]</c>, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster has; their ids are 1 to this number.</summary>
    public int BrokerCount { get; }

    /// <summary>Creates <paramref name="name"/> with <paramref name="partitions"/> partitions.</summary>
    /// <remarks>Topics the clients use without creating them are auto-created with 4 partitions.</remarks>
    /// <exception cref="InvalidOperationException">The cluster refused (for example the topic exists).</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        Invoke(cluster => MockClusterNativeMethods.MockTopicCreate(cluster, name, partitions, replicationFactor), $"create topic {name}");
    }

    /// <summary>Takes broker <paramref name="brokerId"/> down: its connections close and it refuses new ones.</summary>
    public void SetBrokerDown(int brokerId) =>
        Invoke(cluster => MockClusterNativeMethods.MockBrokerSetDown(cluster, brokerId), $"set broker {brokerId} down");

    /// <summary>Brings broker <paramref name="brokerId"/> back up after <see cref="SetBrokerDown"/>.</summary>
    public void SetBrokerUp(int brokerId) =>
        Invoke(cluster => MockClusterNativeMethods.MockBrokerSetUp(cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>Delays every response of broker <paramref name="brokerId"/> by <paramref name="roundTripTime"/>.</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan roundTripTime)
    {
        int milliseconds = checked((int)roundTripTime.TotalMilliseconds);
        Invoke(cluster => MockClusterNativeMethods.MockBrokerSetRtt(cluster, brokerId, milliseconds), $"set the round-trip time of broker {brokerId}");
    }

    /// <summary>Stops the brokers and frees the native cluster. Clients still connected see the brokers go down.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                MockClusterNativeMethods.MockClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_owner != IntPtr.Zero)
            {
                MockClusterNativeMethods.KafkaDestroy(_owner);
                _owner = IntPtr.Zero;
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"mock Kafka cluster of {BrokerCount} broker(s) at {BootstrapServers}";

    // Under the lock so that a call cannot race Dispose into a freed cluster.
    private void Invoke(Func<IntPtr, int> call, string what)
    {
        int error;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            error = call(_cluster);
        }

        if (error != 0)
        {
            throw new InvalidOperationException($"Mock cluster could not {what}: {MockClusterNativeMethods.Describe(error)}");
        }
    }
}
