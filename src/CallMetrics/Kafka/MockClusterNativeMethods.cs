using System.Runtime.InteropServices;

namespace CallMetrics.Kafka;

/// <summary>
/// The few librdkafka C functions behind <see cref="MockKafkaCluster"/> (rdkafka.h and rdkafka_mock.h,
/// librdkafka 2.16.0). The mock API is marked experimental upstream: keep these declarations in step with
/// the header of the version the librdkafka.redist package bundles.
/// </summary>
internal static class MockClusterNativeMethods
{
    /// <summary><c>RD_KAFKA_PRODUCER</c>: the owning handle only needs to exist, a producer is the lightest.</summary>
    internal const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c>.</summary>
    internal const int ConfOk = 0;

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_conf_new")]
    internal static extern IntPtr ConfNew();

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_conf_destroy")]
    internal static extern void ConfDestroy(IntPtr conf);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_conf_set")]
    internal static extern int ConfSet(
        IntPtr conf,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string value,
        byte[] errstr,
        UIntPtr errstrSize);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_new")]
    internal static extern IntPtr KafkaNew(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_destroy")]
    internal static extern void KafkaDestroy(IntPtr rk);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_err2str")]
    internal static extern IntPtr ErrorToString(int err);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static extern IntPtr MockClusterNew(IntPtr rk, int brokerCount);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static extern void MockClusterDestroy(IntPtr mcluster);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static extern IntPtr MockClusterBootstraps(IntPtr mcluster);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_mock_topic_create")]
    internal static extern int MockTopicCreate(
        IntPtr mcluster,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string topic,
        int partitionCount,
        int replicationFactor);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static extern int MockBrokerSetDown(IntPtr mcluster, int brokerId);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static extern int MockBrokerSetUp(IntPtr mcluster, int brokerId);

    [DllImport(KafkaNative.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    internal static extern int MockBrokerSetRtt(IntPtr mcluster, int brokerId, int rttMs);

    /// <summary>The text of a librdkafka error code (a static string owned by the library).</summary>
    internal static string Describe(int err) => Marshal.PtrToStringUTF8(ErrorToString(err)) ?? $"error {err}";

    /// <summary>The NUL-terminated text librdkafka wrote into an error buffer.</summary>
    internal static string ErrorText(byte[] errstr)
    {
        int end = Array.IndexOf(errstr, (byte)0);
        return System.Text.Encoding.UTF8.GetString(errstr, 0, end < 0 ? errstr.Length : end);
    }
}
