using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CallMetrics.Tests.Support;

/// <summary>
/// A real VictoriaMetrics (Debian's <c>victoria-metrics</c>) on 127.0.0.1, on a free port, with its data in a temporary
/// directory. It accepts InfluxDB line protocol on <c>/write</c> and <c>/api/v2/write</c> (it ignores the token) and stores
/// each field as a metric named <c>measurement_field</c> with the tags as labels, timestamps trimmed to milliseconds.
/// <para>Use it per test: <c>await using var vm = await VictoriaMetricsServer.StartNewAsync();</c>, or per class:
/// <c>IClassFixture&lt;VictoriaMetricsServer&gt;</c>. Read back with <see cref="ExportAsync"/> or, for freshly written
/// samples, <see cref="WaitForSamplesAsync"/>: new samples become searchable only after VictoriaMetrics flushes its
/// in-memory buffers (about a second; <c>/internal/force_flush</c> shortens it but fresh series still take a moment).</para>
/// <para><see cref="Stop"/> stops the process gracefully (it must be graceful for the data to survive), <see cref="Kill"/>
/// like a crash; <see cref="StartAsync"/> starts it again on the same port and directory.</para>
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncLifetime, IAsyncDisposable, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ServerProcess _process = new("victoria-metrics");
    private bool _everStarted;
    private bool _disposed;

    /// <summary>Creates an unstarted server (xunit class fixtures use this constructor).</summary>
    public VictoriaMetricsServer()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("callmetrics-vm-").FullName;
        Port = FreePort();
    }

    /// <summary>The HTTP port.</summary>
    public int Port { get; private set; }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash), for <c>InfluxOptions.Url</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The temporary directory (the storage lives in <c>data</c> under it).</summary>
    public string Directory { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process.IsRunning;

    /// <summary>Everything the server printed so far (warnings and errors, e.g. skipped lines).</summary>
    public string Output => _process.Output;

    /// <summary>Starts a new server and waits until <c>/health</c> answers.</summary>
    public static async Task<VictoriaMetricsServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var server = new VictoriaMetricsServer();
        try
        {
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the process (again) on the same port and directory and waits until <c>/health</c> answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            return;
        }

        for (int attempt = 1; ; attempt++)
        {
            _process.Launch(
                [
                    $"-httpListenAddr=127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
                    $"-storageDataPath={Path.Combine(Directory, "data")}",
                    "-search.latencyOffset=0s",
                    "-search.disableCache",
                    "-loggerLevel=WARN",
                ],
                Directory);
            try
            {
                await _process.WaitUntilReadyAsync(_http, new Uri(Url + "/health"), HttpStatusCode.OK, cancellationToken);
                break;
            }
            catch (InvalidOperationException) when (!_everStarted && attempt < 3)
            {
                // The port picked as free was taken meanwhile; only the first start may move.
                _process.Stop(graceful: false);
                Port = FreePort();
            }
        }

        _everStarted = true;
    }

    /// <summary>
    /// Stops the process gracefully (SIGTERM, SIGKILL after 15 s; takes about 1.5 s) and waits for it to exit. The port and
    /// data stay for <see cref="StartAsync"/>. Use this for outages: VictoriaMetrics acknowledges writes before they reach
    /// the disk, so <see cref="Kill"/> loses recent samples (measured: even samples written 6 s before).
    /// </summary>
    public void Stop() => _process.Stop(graceful: true);

    /// <summary>Kills the process (SIGKILL, like a crash): recently acknowledged samples are lost.</summary>
    public void Kill() => _process.Stop(graceful: false);

    /// <summary>Asks VictoriaMetrics to make recently written samples searchable (<c>/internal/force_flush</c>).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri(Url + "/internal/force_flush"), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Exports every series matching <paramref name="match"/> (a series selector such as <c>{__name__=~"calls_.*"}</c>)
    /// with <c>/api/v1/export</c>, after a flush.
    /// </summary>
    public async Task<IReadOnlyList<ExportedSeries>> ExportAsync(string match, CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("match[]", match)]);
        using HttpResponseMessage response = await _http.PostAsync(new Uri(Url + "/api/v1/export"), content, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"VictoriaMetrics answered {(int)response.StatusCode} to export of {match}: {body}");
        }

        var series = new List<ExportedSeries>();
        foreach (string line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            var labels = root.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
            double[] values = root.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
            long[] timestamps = root.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToArray();
            series.Add(new ExportedSeries(labels, values, timestamps));
        }

        return series;
    }

    /// <summary>
    /// Exports <paramref name="match"/> until it holds at least <paramref name="expectedSamples"/> samples or
    /// <paramref name="timeout"/> (default 15 s) passes, and returns the last export.
    /// </summary>
    public async Task<IReadOnlyList<ExportedSeries>> WaitForSamplesAsync(string match, int expectedSamples, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(15);
        while (true)
        {
            IReadOnlyList<ExportedSeries> series = await ExportAsync(match, cancellationToken);
            if (series.Sum(s => s.Values.Count) >= expectedSamples || clock.Elapsed > limit)
            {
                return series;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Starts the server for an xunit fixture.</summary>
    Task IAsyncLifetime.InitializeAsync() => StartAsync();

    /// <summary>Stops and deletes the server for an xunit fixture.</summary>
    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Kills the process and deletes the directory.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _process.Dispose();
        _http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One exported series: labels (with <c>__name__</c>), values and millisecond timestamps, oldest first.</summary>
    /// <param name="Labels">The labels, including <c>__name__</c> (<c>measurement_field</c>).</param>
    /// <param name="Values">The sample values.</param>
    /// <param name="Timestamps">Unix milliseconds, one per value.</param>
    public sealed record ExportedSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<double> Values, IReadOnlyList<long> Timestamps)
    {
        /// <summary>The metric name, <c>measurement_field</c>.</summary>
        public string Name => Labels.TryGetValue("__name__", out string? name) ? name : string.Empty;
    }
}
