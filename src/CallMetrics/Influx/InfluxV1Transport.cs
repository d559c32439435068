using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CallMetrics.Influx;

/// <summary>
/// The InfluxDB 1.x write API, by hand: <c>POST /write?db=&amp;rp=&amp;precision=ns</c> with optional basic auth and gzip,
/// <c>CREATE DATABASE</c> through <c>/query</c>, and <c>/ping</c>.
/// </summary>
/// <remarks>
/// Only for servers without the v2 write API: InfluxDB older than 1.8 (the embedded demo's Debian InfluxDB 1.6.7).
/// InfluxDB.Client speaks the v2 API only, so this path cannot go through it (docs/ENVIRONMENT.md).
/// </remarks>
internal sealed class InfluxV1Transport : IInfluxWriteTransport
{
    private static readonly MediaTypeHeaderValue s_lineProtocol = new("text/plain") { CharSet = "utf-8" };

    private readonly HttpClient _httpClient;
    private readonly InfluxOptions _options;
    private readonly IReadOnlyList<string> _secrets;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _writeUri;
    private readonly Uri _queryUri;
    private readonly Uri _pingUri;
    private readonly AuthenticationHeaderValue? _authorization;

    /// <summary>Creates the transport; <paramref name="httpClient"/> is not owned.</summary>
    public InfluxV1Transport(HttpClient httpClient, InfluxOptions options, string? password, IReadOnlyList<string> secrets, TimeProvider timeProvider)
    {
        _httpClient = httpClient;
        _options = options;
        _secrets = secrets;
        _timeProvider = timeProvider;
        Uri baseUri = new(options.Url.EndsWith('/') ? options.Url : options.Url + "/");
        _writeUri = new Uri(baseUri, WritePathAndQuery(options));
        _queryUri = new Uri(baseUri, "query");
        _pingUri = new Uri(baseUri, "ping");
        if (!string.IsNullOrEmpty(options.Username))
        {
            // Basic auth rather than u=/p= in the query string: URLs end up in access logs, headers do not.
            string pair = options.Username + ":" + (password ?? string.Empty);
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
    }

    /// <inheritdoc/>
    public string Target => SecretRedactor.RedactUrl(_writeUri.ToString());

    /// <inheritdoc/>
    public ValueTask<WriteResponse> WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        SendAsync(CreateWriteRequest(_options.Gzip ? Compress(payload.Span) : payload), cancellationToken);

    /// <inheritdoc/>
    public ValueTask<WriteResponse> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        string statement = "CREATE DATABASE " + QuoteIdentifier(_options.Database);
        var request = new HttpRequestMessage(HttpMethod.Post, _queryUri)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("q", statement)]),
        };
        request.Headers.Authorization = _authorization;
        return SendAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using HttpResponseMessage response = await _httpClient.GetAsync(_pingUri, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>Nothing to release: the <see cref="HttpClient"/> is not owned.</summary>
    public void Dispose()
    {
    }

    /// <summary>Builds the write request for one attempt (a request message can be sent only once).</summary>
    internal HttpRequestMessage CreateWriteRequest(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = s_lineProtocol;
        if (_options.Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, _writeUri) { Content = content };
        request.Headers.Authorization = _authorization;
        return request;
    }

    private static string WritePathAndQuery(InfluxOptions options)
    {
        var query = new StringBuilder("write?db=").Append(Uri.EscapeDataString(options.Database));
        if (!string.IsNullOrEmpty(options.RetentionPolicy))
        {
            query.Append("&rp=").Append(Uri.EscapeDataString(options.RetentionPolicy));
        }

        return query.Append("&precision=ns").ToString();
    }

    private static string QuoteIdentifier(string name) =>
        "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> payload)
    {
        using var buffer = new MemoryStream(payload.Length / 4 + 64);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private async ValueTask<WriteResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using HttpResponseMessage response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            HttpStatusCode status = response.StatusCode;
            WriteDisposition disposition = InfluxBatchPolicy.Classify((int)status);
            if (disposition == WriteDisposition.Accepted)
            {
                return new WriteResponse(status, disposition, string.Empty, null);
            }

            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(body) && response.Headers.TryGetValues("X-Influxdb-Error", out IEnumerable<string>? values))
            {
                body = string.Join(' ', values);
            }

            return new WriteResponse(status, disposition, InfluxErrorText.From(body, _secrets), ReadRetryAfter(response));
        }
    }

    private TimeSpan? ReadRetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? date - _timeProvider.GetUtcNow() : null;
    }
}
