using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallMetrics.Tests.Support;

namespace CallMetrics.Tests.EndToEnd;

/// <summary>
/// The InfluxDB the end-to-end tests write to and read back from with InfluxQL: the local InfluxDB 1.x of
/// <see cref="InfluxServer"/>, or an existing server named by <c>CALLMETRICS_E2E_INFLUX_URL</c> (1.x, or 2.x with
/// <c>CALLMETRICS_E2E_INFLUX_API=v2</c>, <c>_ORG</c> and <c>_TOKEN</c>: each test's bucket is created with a DBRP mapping
/// so the same InfluxQL reads it back through <c>/query</c>).
/// </summary>
internal sealed class InfluxEndpoint : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private string? _orgId;

    private InfluxEndpoint(InfluxServer? local, string url, string api, string? org, string? token)
    {
        Local = local;
        Url = url.TrimEnd('/');
        Api = api;
        Org = org;
        Token = token;
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }
    }

    /// <summary>The local server, which the outage test may stop and start; null for an external server.</summary>
    public InfluxServer? Local { get; }

    public string Url { get; }

    /// <summary><c>v1</c> or <c>v2</c>.</summary>
    public string Api { get; }

    public string? Org { get; }

    public string? Token { get; }

    public string Description => Local is null ? $"external InfluxDB {Api} at {Url}" : $"local InfluxDB 1.x at {Url}";

    public static async Task<InfluxEndpoint> StartAsync()
    {
        string? url = Environment.GetEnvironmentVariable("CALLMETRICS_E2E_INFLUX_URL");
        if (string.IsNullOrEmpty(url))
        {
            InfluxServer server = await InfluxServer.StartNewAsync();
            return new InfluxEndpoint(server, server.Url, "v1", org: null, token: null);
        }

        string api = Environment.GetEnvironmentVariable("CALLMETRICS_E2E_INFLUX_API") is { Length: > 0 } a ? a : "v1";
        string? org = Environment.GetEnvironmentVariable("CALLMETRICS_E2E_INFLUX_ORG");
        string? token = Environment.GetEnvironmentVariable("CALLMETRICS_E2E_INFLUX_TOKEN");
        if (api == "v2" && (string.IsNullOrEmpty(org) || string.IsNullOrEmpty(token)))
        {
            throw new InvalidOperationException("CALLMETRICS_E2E_INFLUX_API=v2 needs CALLMETRICS_E2E_INFLUX_ORG and CALLMETRICS_E2E_INFLUX_TOKEN");
        }

        return new InfluxEndpoint(local: null, url, api, org, string.IsNullOrEmpty(token) ? null : token);
    }

    /// <summary>The service's settings to write into <paramref name="database"/> (a bucket of the same name on 2.x).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ServiceSettings(string database)
    {
        yield return new("CallMetrics__Influx__Url", Url);
        yield return new("CallMetrics__Influx__Api", Api);
        if (Api == "v2")
        {
            yield return new("CallMetrics__Influx__Org", Org);
            yield return new("CallMetrics__Influx__Bucket", database);
            yield return new("CallMetrics__Influx__Token", Token);
        }
        else
        {
            yield return new("CallMetrics__Influx__Database", database);
        }
    }

    /// <summary>Creates the database (1.x) or the bucket and its DBRP mapping (2.x).</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        if (Api != "v2")
        {
            using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("q", $"CREATE DATABASE \"{name}\"")]);
            using HttpResponseMessage response = await _http.PostAsync(new Uri(Url + "/query"), content);
            response.EnsureSuccessStatusCode();
            return;
        }

        _orgId ??= await OrgIdAsync();
        using HttpResponseMessage bucket = await _http.PostAsJsonAsync(new Uri(Url + "/api/v2/buckets"), new { orgID = _orgId, name, retentionRules = Array.Empty<object>() });
        bucket.EnsureSuccessStatusCode();
        using var bucketJson = JsonDocument.Parse(await bucket.Content.ReadAsStringAsync());
        string bucketId = bucketJson.RootElement.GetProperty("id").GetString()!;
        using HttpResponseMessage dbrp = await _http.PostAsJsonAsync(
            new Uri(Url + "/api/v2/dbrps"),
            new { orgID = _orgId, bucketID = bucketId, database = name, retention_policy = "autogen", @default = true });
        dbrp.EnsureSuccessStatusCode();
    }

    /// <summary>Every point of the database, with measurement, tags and fields.</summary>
    public async Task<SeriesSet> ReadAllAsync(string database)
    {
        string query = Uri.EscapeDataString("SELECT * FROM /.*/ GROUP BY *");
        using HttpResponseMessage response = await _http.GetAsync(new Uri($"{Url}/query?db={Uri.EscapeDataString(database)}&epoch=ns&q={query}"));
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"InfluxDB answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return SeriesSet.FromInfluxQl(json.RootElement);
    }

    public void Dispose()
    {
        Local?.Dispose();
        _http.Dispose();
    }

    private async Task<string> OrgIdAsync()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"{Url}/api/v2/orgs?org={Uri.EscapeDataString(Org!)}")));
        return json.RootElement.GetProperty("orgs")[0].GetProperty("id").GetString()!;
    }
}
