using System.Reflection;
using System.Runtime.InteropServices;

using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// Binds the native librdkafka (Debian's <c>librdkafka1</c> package) for both Confluent.Kafka and this
/// folder's own P/Invoke declarations. Every Kafka type here calls <see cref="EnsureLoaded"/> first.
/// </summary>
/// <remarks>
/// Confluent.Kafka normally finds librdkafka in its <c>librdkafka.redist</c> dependency, which the
/// package feed here does not serve. Its DllImports name "librdkafka", which the runtime would resolve
/// to the unversioned <c>librdkafka.so</c> that only <c>librdkafka-dev</c> installs; the resolver below
/// points them at the versioned runtime name instead, so the executable needs only <c>librdkafka1</c>.
/// </remarks>
internal static class KafkaNative
{
    /// <summary>The soname of librdkafka 2.x, as installed by Debian's <c>librdkafka1</c>.</summary>
    internal const string LibraryName = "librdkafka.so.1";

    private static readonly Lazy<IntPtr> Handle = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads librdkafka once per process; throws <see cref="DllNotFoundException"/> with a fix when absent.</summary>
    public static void EnsureLoaded() => _ = Handle.Value;

    /// <summary>The version string of the loaded librdkafka (for start-up logs).</summary>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return Library.VersionString;
        }
    }

    private static IntPtr Load()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out IntPtr handle))
        {
            throw new DllNotFoundException(
                $"{LibraryName} was not found: install Debian's librdkafka1 package (scripts/install-deps.sh --runtime-only).");
        }

        Assembly confluent = typeof(Library).Assembly;
        NativeLibrary.SetDllImportResolver(confluent, (name, _, _) =>
            name.Contains("rdkafka", StringComparison.Ordinal) ? handle : IntPtr.Zero);
        NativeLibrary.SetDllImportResolver(typeof(KafkaNative).Assembly, (name, _, _) =>
            name == LibraryName ? handle : IntPtr.Zero);
        return handle;
    }
}
