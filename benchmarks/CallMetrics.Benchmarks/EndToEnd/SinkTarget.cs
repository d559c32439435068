using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CallMetrics.Benchmarks.EndToEnd;

/// <summary>
/// Where the end-to-end stages write line protocol: a real InfluxDB 1.x (Debian's <c>influxd</c>, on a free 127.0.0.1
/// port with its data in a temporary directory) when the binary is on the PATH, otherwise a minimal local HTTP server
/// that answers <c>/ping</c>, <c>/query</c> and <c>/write</c> (gzip or not) and only counts lines; or a real
/// VictoriaMetrics (<see cref="StartVictoriaMetricsAsync"/>), which ingests line protocol far faster than InfluxDB 1.x on
/// the same cores and so shows the pipeline's own ceiling behind a real server. <see cref="Kind"/> says which one, for
/// the JSON.
/// </summary>
internal sealed class SinkTarget : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly Process? _server;
    private readonly WebApplication? _listener;
    private readonly string? _directory;
    private long _countedLines;

    private SinkTarget(string url, string kind, Process? server, WebApplication? listener, string? directory, bool isInflux = true)
    {
        Url = url;
        Kind = kind;
        _server = server;
        IsInflux = server is not null && isInflux;
        _listener = listener;
        _directory = directory;
    }

    /// <summary>Base address, no trailing slash.</summary>
    public string Url { get; }

    /// <summary>"influxdb 1.x (influxd ...)" or "counting HTTP listener (...)".</summary>
    public string Kind { get; private set; }

    /// <summary>True for a real InfluxDB.</summary>
    public bool IsInflux { get; }

    /// <summary>Lines the counting listener received (0 for InfluxDB, which counts nothing for us).</summary>
    public long CountedLines => Interlocked.Read(ref _countedLines);

    /// <summary>Starts influxd if it exists (falls back to the counting listener when it does not or fails to start).</summary>
    /// <remarks><c>CALLMETRICS_BENCH_SINK=listener</c> forces the counting listener (to separate the service's cost from influxd's).</remarks>
    public static async Task<SinkTarget> StartAsync()
    {
        string? reason = null;
        var preferInflux = !string.Equals(Environment.GetEnvironmentVariable("CALLMETRICS_BENCH_SINK"), "listener", StringComparison.OrdinalIgnoreCase);
        if (preferInflux && FindOnPath("influxd") is { } influxd)
        {
            try
            {
                return await StartInfluxAsync(influxd).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                reason = "influxd did not start: " + e.Message;
            }
        }

        var target = await StartListenerAsync().ConfigureAwait(false);
        if (reason is not null)
        {
            target.Kind += "; " + reason;
        }

        return target;
    }

    /// <summary>CPU seconds the server (influxd, victoria-metrics) used so far (0 for the listener, which runs in this process).</summary>
    public double ServerCpuSeconds()
    {
        try
        {
            if (_server is { HasExited: false })
            {
                _server.Refresh();
                return _server.TotalProcessorTime.TotalSeconds;
            }
        }
        catch (InvalidOperationException)
        {
        }

        return 0;
    }

    public JsonObject Describe() => new() { ["kind"] = Kind, ["url"] = Url };

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            try
            {
                if (!_server.HasExited)
                {
                    _server.Kill(entireProcessTree: true);
                }

                await _server.WaitForExitAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
            }

            _server.Dispose();
        }

        if (_listener is not null)
        {
            await _listener.StopAsync().ConfigureAwait(false);
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static async Task<SinkTarget> StartInfluxAsync(string binary)
    {
        var directory = Directory.CreateTempSubdirectory("callmetrics-bench-influx-").FullName;
        var port = FreePort();
        var rpc = FreePort();
        var config = Path.Combine(directory, "influxdb.conf");
        // WAL fsync on every write as by default; no monitor store, no HTTP access log (it would cost the server CPU).
        File.WriteAllText(config, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpc}"
            [meta]
              dir = "{directory}/meta"
            [data]
              dir = "{directory}/data"
              wal-dir = "{directory}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [continuous_queries]
              enabled = false
            [http]
              bind-address = "127.0.0.1:{port}"
              log-enabled = false
            [logging]
              level = "error"
              suppress-logo = true
            """);
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "-config", config },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var target = new SinkTarget(url, "influxdb 1.x (influxd " + Version(binary) + ")", process, null, directory);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                await target.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"exited with {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(url + "/ping")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return target;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(25).ConfigureAwait(false);
        }

        await target.DisposeAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"no answer on /ping within {ReadyTimeout.TotalSeconds} s");
    }

    /// <summary>
    /// Starts Debian's <c>victoria-metrics</c> on a free 127.0.0.1 port with its data in a temporary directory, or returns
    /// null with the reason when the binary is missing or does not start. It takes InfluxDB line protocol on <c>/write</c>.
    /// </summary>
    public static async Task<(SinkTarget? Target, string? Reason)> StartVictoriaMetricsAsync()
    {
        if (FindOnPath("victoria-metrics") is not { } binary)
        {
            return (null, "victoria-metrics is not on the PATH (scripts/install-deps.sh installs it)");
        }

        var directory = Directory.CreateTempSubdirectory("callmetrics-bench-vm-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                "-httpListenAddr=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                "-storageDataPath=" + Path.Combine(directory, "data"),
                "-loggerLevel=ERROR",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var target = new SinkTarget(url, "victoria-metrics (" + VictoriaVersion() + ")", process, null, directory, isInflux: false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                await target.DisposeAsync().ConfigureAwait(false);
                return (null, $"victoria-metrics exited with {process.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(url + "/health")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (target, null);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(25).ConfigureAwait(false);
        }

        await target.DisposeAsync().ConfigureAwait(false);
        return (null, $"victoria-metrics gave no answer on /health within {ReadyTimeout.TotalSeconds} s");
    }

    /// <summary>Debian's build prints no version of its own (<c>-version</c> prints nothing), so ask the package database.</summary>
    private static string VictoriaVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dpkg-query", "-W -f=${Version} victoria-metrics") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            var text = process?.StandardOutput.ReadToEnd().Trim() ?? "";
            process?.WaitForExit();
            return text.Length > 0 ? "Debian package " + text : "version unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "version unknown";
        }
    }

    private static string Version(string binary)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(binary, "version") { RedirectStandardOutput = true, UseShellExecute = false });
            var text = process?.StandardOutput.ReadToEnd().Trim() ?? "";
            process?.WaitForExit();
            return text.Replace("InfluxDB ", "", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    public static async Task<SinkTarget> StartListenerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        SinkTarget? self = null;
        app.MapGet("/ping", () => Results.NoContent());
        app.MapPost("/query", () => Results.Text("{\"results\":[{\"statement_id\":0}]}", "application/json"));
        app.MapPost("/write", async (HttpRequest request) =>
        {
            var body = request.Body;
            if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            var buffer = new byte[1 << 16];
            long lines = 0;
            int read;
            while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }

            Interlocked.Add(ref self!._countedLines, lines);
            return Results.NoContent();
        });
        await app.StartAsync().ConfigureAwait(false);
        var url = app.Urls.First().TrimEnd('/');
        self = new SinkTarget(url, "counting HTTP listener (no influxd on PATH, or CALLMETRICS_BENCH_SINK=listener)", null, app, null);
        return self;
    }
}
