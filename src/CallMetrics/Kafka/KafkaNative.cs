using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using Confluent.Kafka;

namespace CallMetrics.Kafka;

/// <summary>
/// Makes Confluent.Kafka and this folder's own P/Invoke declarations use the librdkafka that ships in the
/// <c>librdkafka.redist</c> package beside the executable, never another one installed on the machine.
/// </summary>
/// <remarks>
/// <para>
/// Confluent.Kafka's DllImports name <c>librdkafka</c> and leave the search to the runtime. On linux-x64 the
/// package's first choice, <c>runtimes/linux-x64/native/librdkafka.so</c>, is the build with Kerberos (GSSAPI)
/// and needs Red Hat's <c>libsasl2.so.3</c>; Debian and Ubuntu have <c>libsasl2.so.2</c>, so that file does not
/// load, the runtime goes on to the system search, and a distribution's <c>librdkafka.so</c> (Debian 12's
/// 2.0.2 from <c>librdkafka-dev</c>) is silently taken instead: Confluent.Kafka 2.x then fails at the first
/// consume. <c>Library.Load(path)</c> is no way out either: Confluent.Kafka calls <c>dlopen</c> through an
/// unversioned <c>libdl</c> that glibc 2.34+ no longer provides.
/// </para>
/// <para>
/// So a DllImport resolver binds every librdkafka name to one of the package's files, by absolute path: the
/// GSSAPI build when it loads, else the build without GSSAPI (<c>centos8-librdkafka.so</c>, the same version),
/// on musl the Alpine build. The resolver is registered when this assembly is loaded (module initializer) and
/// again by <see cref="EnsureLoaded"/>, which every Kafka type here calls before its first client, so that no
/// Confluent.Kafka client can be created before it.
/// </para>
/// </remarks>
internal static class KafkaNative
{
    /// <summary>The library name of this folder's own DllImports (the same as Confluent.Kafka's).</summary>
    internal const string LibraryName = "librdkafka";

    private static readonly Lazy<bool> Registration = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<LoadedLibrary> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the bundled librdkafka once per process; throws <see cref="DllNotFoundException"/> with the paths tried when absent.</summary>
    public static void EnsureLoaded()
    {
        _ = Registration.Value;
        _ = Loaded.Value;
    }

    /// <summary>The version string of the loaded librdkafka, as Confluent.Kafka reports it (<c>Library.VersionString</c>).</summary>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return Library.VersionString;
        }
    }

    /// <summary>The file the loaded librdkafka came from.</summary>
    public static string LoadedPath
    {
        get
        {
            EnsureLoaded();
            return Loaded.Value.Path;
        }
    }

    /// <summary>One line for start-up logs and usage text: version and file of the loaded librdkafka.</summary>
    public static string Description => $"librdkafka {Version} ({LoadedPath})";

    /// <summary>
    /// The package's files for this platform, in order of preference, with the directories they are looked
    /// for in: the runtime's native search directories from the app's deps.json (but not the shared
    /// framework's), the app's directory and its <c>runtimes/RID/native</c> folder (a publish without a
    /// runtime identifier).
    /// </summary>
    internal static IReadOnlyList<string> CandidatePaths()
    {
        string rid = RuntimeInformation.RuntimeIdentifier;
        string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string[] fileNames;
        string packageRid;
        if (OperatingSystem.IsWindows())
        {
            fileNames = ["librdkafka.dll"];
            packageRid = "win-" + architecture;
        }
        else if (OperatingSystem.IsMacOS())
        {
            fileNames = ["librdkafka.dylib"];
            packageRid = "osx-" + architecture;
        }
        else if (rid.Contains("musl", StringComparison.Ordinal))
        {
            fileNames = ["alpine-librdkafka.so"];
            packageRid = "linux-" + architecture;
        }
        else
        {
            fileNames = ["librdkafka.so", "centos8-librdkafka.so"];
            packageRid = "linux-" + architecture;
        }

        // The runtime's search directories also name the shared framework's own folder: not a package's.
        string frameworkDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory());
        List<string> directories = [];
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            directories.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(directory => !Path.GetFullPath(directory).StartsWith(frameworkDirectory, StringComparison.Ordinal)));
        }

        directories.Add(AppContext.BaseDirectory);
        directories.Add(Path.Combine(AppContext.BaseDirectory, "runtimes", packageRid, "native"));

        List<string> paths = [];
        foreach (string fileName in fileNames)
        {
            foreach (string directory in directories)
            {
                string path = Path.GetFullPath(Path.Combine(directory, fileName));
                if (!paths.Contains(path, StringComparer.Ordinal))
                {
                    paths.Add(path);
                }
            }
        }

        return paths;
    }

#pragma warning disable CA2255 // An application assembly: the resolver must be in place before any Confluent.Kafka call.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterOnLoad() => _ = Registration.Value;

    private static bool Register()
    {
        Assembly confluent = typeof(Library).Assembly;
        NativeLibrary.SetDllImportResolver(confluent, Resolve);
        NativeLibrary.SetDllImportResolver(typeof(KafkaNative).Assembly, ResolveOwn);
        return true;
    }

    // Confluent.Kafka's names: "librdkafka", and its fallbacks "centos8-librdkafka.so", "alpine-librdkafka.so".
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name.Contains("rdkafka", StringComparison.Ordinal) ? Loaded.Value.Handle : IntPtr.Zero;

    private static IntPtr ResolveOwn(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == LibraryName ? Loaded.Value.Handle : IntPtr.Zero;

    private static LoadedLibrary Load()
    {
        List<string> tried = [];
        foreach (string path in CandidatePaths())
        {
            if (!File.Exists(path))
            {
                continue;
            }

            if (NativeLibrary.TryLoad(path, out IntPtr handle))
            {
                return new LoadedLibrary(handle, path);
            }

            // Present but not loadable: the GSSAPI build without Red Hat's libsasl2.so.3, say. The next one may do.
            tried.Add(path);
        }

        throw new DllNotFoundException(
            "The librdkafka of the librdkafka.redist package was not found beside the executable"
            + (tried.Count == 0 ? string.Empty : $" (present but not loadable: {string.Join(", ", tried)})")
            + $"; looked in: {string.Join(", ", CandidatePaths().Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal))}.");
    }

    private sealed record LoadedLibrary(IntPtr Handle, string Path);
}
