using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CallMetrics.Tests.Support;

/// <summary>
/// A real InfluxDB 1.x (Debian's <c>influxd</c>) on 127.0.0.1, on free ports, with its data in a temporary directory.
/// <para>Use it per test: <c>await using var influx = await InfluxServer.StartNewAsync();</c>, or per class:
/// <c>IClassFixture&lt;InfluxServer&gt;</c> (xunit starts it through <see cref="IAsyncLifetime"/>).</para>
/// <para><see cref="Stop"/> stops the process gracefully, <see cref="Kill"/> like a crash (acknowledged writes survive in the
/// WAL), <see cref="Pause"/>/<see cref="Resume"/> freeze it; <see cref="StartAsync"/> starts it again on the same port and
/// data directory. Dispose kills it and deletes the directory.</para>
/// </summary>
public sealed class InfluxServer : IAsyncLifetime, IAsyncDisposable, IDisposable
{
    private readonly string? _adminUser;
    private readonly string? _adminPassword;
    private readonly long? _maxBodySize;
    private readonly HttpClient _http;
    private readonly ServerProcess _process = new("influxd");
    private bool _everStarted;
    private bool _disposed;

    /// <summary>Creates an unstarted server without authentication (xunit class fixtures use this constructor).</summary>
    public InfluxServer()
        : this(adminUser: null, adminPassword: null, maxBodySize: null)
    {
    }

    private InfluxServer(string? adminUser, string? adminPassword, long? maxBodySize)
    {
        _adminUser = adminUser;
        _adminPassword = adminPassword;
        _maxBodySize = maxBodySize;
        Directory = System.IO.Directory.CreateTempSubdirectory("callmetrics-influx-").FullName;
        ConfigPath = Path.Combine(Directory, "influxdb.conf");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(30) };
        if (adminUser is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(adminUser + ":" + adminPassword)));
        }

        ChoosePorts();
    }

    /// <summary>The HTTP port.</summary>
    public int Port { get; private set; }

    /// <summary>The RPC (backup/restore) port, also bound to 127.0.0.1.</summary>
    public int RpcPort { get; private set; }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash), for <c>InfluxOptions.Url</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The temporary directory holding the config, meta, data and WAL.</summary>
    public string Directory { get; }

    /// <summary>The generated <c>influxdb.conf</c>.</summary>
    public string ConfigPath { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process.IsRunning;

    /// <summary>Everything the server printed so far (its log and HTTP access log), for diagnostics and log assertions.</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts a new server and waits until it answers <c>/ping</c>.
    /// </summary>
    /// <param name="adminUser">When set, authentication is enabled and this admin user is created; helper queries use it.</param>
    /// <param name="adminPassword">The admin's password.</param>
    /// <param name="maxBodySize">The server's <c>max-body-size</c> in bytes (to provoke 413); default 25 MB.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    public static async Task<InfluxServer> StartNewAsync(string? adminUser = null, string? adminPassword = null, long? maxBodySize = null, CancellationToken cancellationToken = default)
    {
        var server = new InfluxServer(adminUser, adminPassword, maxBodySize);
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

    /// <summary>Starts the process (again) on the same ports and directory and waits until it answers <c>/ping</c>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            return;
        }

        // A port picked as free may be taken by another process before influxd binds it: on the first start only
        // (later starts must keep the port), try fresh ports a few times.
        for (int attempt = 1; ; attempt++)
        {
            WriteConfig();
            _process.Launch(["-config", ConfigPath], Directory);
            try
            {
                await _process.WaitUntilReadyAsync(_http, new Uri(Url + "/ping"), HttpStatusCode.NoContent, cancellationToken);
                break;
            }
            catch (InvalidOperationException) when (!_everStarted && attempt < 3)
            {
                _process.Stop(graceful: false);
                ChoosePorts();
            }
        }

        if (!_everStarted && _adminUser is not null)
        {
            // With auth enabled and no user yet, InfluxDB accepts exactly this statement without credentials.
            await ExecuteAsync($"CREATE USER \"{_adminUser}\" WITH PASSWORD '{_adminPassword}' WITH ALL PRIVILEGES", cancellationToken: cancellationToken);
        }

        _everStarted = true;
    }

    /// <summary>
    /// Stops the process gracefully (SIGTERM, SIGKILL after 15 s) and waits for it to exit. The port and data stay for <see cref="StartAsync"/>.
    /// </summary>
    public void Stop() => _process.Stop(graceful: true);

    /// <summary>Kills the process (SIGKILL, like a crash); acknowledged writes survive in the WAL. The port and data stay for <see cref="StartAsync"/>.</summary>
    public void Kill() => _process.Stop(graceful: false);

    /// <summary>Freezes the process (SIGSTOP): connections are accepted by the kernel but never answered, like a hung server.</summary>
    public void Pause() => _process.Signal("STOP");

    /// <summary>Lets a <see cref="Pause"/>d process run again (SIGCONT).</summary>
    public void Resume() => _process.Signal("CONT");

    /// <summary>Runs an InfluxQL statement with <c>POST /query</c> (e.g. <c>CREATE DATABASE</c>); throws if the server reports an error.</summary>
    public async Task<JsonElement> ExecuteAsync(string statement, string? database = null, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>> { new("q", statement) };
        if (database is not null)
        {
            form.Add(new("db", database));
        }

        using var content = new FormUrlEncodedContent(form);
        using HttpResponseMessage response = await _http.PostAsync(new Uri(Url + "/query?epoch=ns"), content, cancellationToken);
        return await ReadResultsAsync(response, statement, cancellationToken);
    }

    /// <summary>Creates a database (idempotent).</summary>
    public Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken: cancellationToken);

    /// <summary>Runs an InfluxQL query with <c>GET /query?db=..&amp;epoch=ns</c> and returns the raw JSON (<c>{"results":[...]}</c>).</summary>
    public async Task<JsonElement> QueryAsync(string database, string influxQl, CancellationToken cancellationToken = default)
    {
        string uri = $"{Url}/query?db={Uri.EscapeDataString(database)}&epoch=ns&q={Uri.EscapeDataString(influxQl)}";
        using HttpResponseMessage response = await _http.GetAsync(new Uri(uri), cancellationToken);
        return await ReadResultsAsync(response, influxQl, cancellationToken);
    }

    /// <summary>
    /// Runs a query and flattens every series into rows: one dictionary per point with <c>time</c> (long, ns), each column,
    /// and the series' GROUP BY tags. Numbers are <see cref="long"/> when integral (InfluxDB prints the float 2.0 as <c>2</c>),
    /// otherwise <see cref="double"/>; strings, booleans and nulls as such.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> QueryRowsAsync(string database, string influxQl, CancellationToken cancellationToken = default)
    {
        JsonElement root = await QueryAsync(database, influxQl, cancellationToken);
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (JsonElement result in root.GetProperty("results").EnumerateArray())
        {
            if (!result.TryGetProperty("series", out JsonElement series))
            {
                continue;
            }

            foreach (JsonElement serie in series.EnumerateArray())
            {
                string[] columns = serie.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
                var tags = new Dictionary<string, object?>();
                if (serie.TryGetProperty("tags", out JsonElement tagObject))
                {
                    foreach (JsonProperty tag in tagObject.EnumerateObject())
                    {
                        tags[tag.Name] = tag.Value.GetString();
                    }
                }

                if (!serie.TryGetProperty("values", out JsonElement values))
                {
                    continue;
                }

                foreach (JsonElement value in values.EnumerateArray())
                {
                    var row = new Dictionary<string, object?>(tags);
                    int i = 0;
                    foreach (JsonElement cell in value.EnumerateArray())
                    {
                        row[columns[i++]] = ToObject(cell);
                    }

                    rows.Add(row);
                }
            }
        }

        return rows;
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

    private static object? ToObject(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Number when cell.TryGetInt64(out long integer) => integer,
        JsonValueKind.Number => cell.GetDouble(),
        JsonValueKind.String => cell.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => cell.GetRawText(),
    };

    private static async Task<JsonElement> ReadResultsAsync(HttpResponseMessage response, string statement, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"InfluxDB answered {(int)response.StatusCode} to '{statement}': {body}");
        }

        using var json = JsonDocument.Parse(body);
        foreach (JsonElement result in json.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out JsonElement error))
            {
                throw new InvalidOperationException($"InfluxDB failed '{statement}': {error.GetString()}");
            }
        }

        return json.RootElement.Clone();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void ChoosePorts()
    {
        Port = FreePort();
        RpcPort = FreePort();
    }

    private void WriteConfig()
    {
        string Dir(string name) => Path.Combine(Directory, name).Replace("\\", "/", StringComparison.Ordinal);
        string config = $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{RpcPort}"

            [meta]
              dir = "{Dir("meta")}"
              logging-enabled = false

            [data]
              dir = "{Dir("data")}"
              wal-dir = "{Dir("wal")}"
              wal-fsync-delay = "0s"
              query-log-enabled = false

            [monitor]
              store-enabled = false

            [continuous_queries]
              enabled = false

            [retention]
              enabled = false

            [http]
              enabled = true
              bind-address = "127.0.0.1:{Port}"
              auth-enabled = {(_adminUser is null ? "false" : "true")}
              log-enabled = true
              pprof-enabled = false
              max-body-size = {_maxBodySize ?? 25_000_000}

            [logging]
              level = "warn"
              suppress-logo = true
            """;
        File.WriteAllText(ConfigPath, config);
    }
}
