using System.Net;
using System.Text;

using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;

namespace CallMetrics.Influx;

/// <summary>
/// The v2 write API (<c>/api/v2/write?org=&amp;bucket=&amp;precision=ns</c>, <c>Authorization: Token ...</c>) through
/// InfluxDB.Client's <see cref="IWriteApiAsync"/>: InfluxDB 2.x and 3.x, InfluxDB 1.8+ in compatibility mode, VictoriaMetrics.
/// </summary>
/// <remarks>
/// <para>
/// The sink's payload is already line protocol, so it goes to <see cref="IWriteApiAsync.WriteRecordAsync"/> as one
/// record: the client joins records with newlines and sends them as they are, with no re-modelling into points.
/// Gzip is the client's (<see cref="InfluxDBClient.EnableGzip"/>); the HTTP connections are the injected
/// <see cref="HttpClient"/>'s.
/// </para>
/// <para>
/// The client answers a refused write with an <see cref="HttpException"/> carrying the status, the server's message
/// and the response headers; <see cref="InfluxClientErrors"/> turns it into the <see cref="WriteResponse"/> the
/// writer's policy classifies. An exception with status 0 means no answer (connection refused, reset or timed out)
/// and is rethrown as <see cref="HttpRequestException"/>, or as <see cref="OperationCanceledException"/> when the
/// attempt was cancelled. The client's own timeout is set above the writer's per-attempt timeout, so that the
/// writer's is the one that fires.
/// </para>
/// </remarks>
internal sealed class InfluxClientTransport : IInfluxWriteTransport
{
    private static readonly TimeSpan ClientTimeoutMargin = TimeSpan.FromSeconds(5);

    private readonly InfluxDBClient _client;
    private readonly IWriteApiAsync _writeApi;
    private readonly InfluxOptions _options;
    private readonly IReadOnlyList<string> _secrets;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the client over <paramref name="httpClient"/> (not owned).</summary>
    public InfluxClientTransport(HttpClient httpClient, InfluxOptions options, string? token, IReadOnlyList<string> secrets, TimeProvider timeProvider)
    {
        _options = options;
        _secrets = secrets;
        _timeProvider = timeProvider;
        var clientOptions = new InfluxDBClientOptions(options.Url)
        {
            Org = options.Org,
            Bucket = options.Bucket,
            Timeout = options.Timeout + ClientTimeoutMargin,
            HttpClient = httpClient,
        };
        if (!string.IsNullOrEmpty(token))
        {
            clientOptions.Token = token;
        }

        _client = new InfluxDBClient(clientOptions);
        if (options.Gzip)
        {
            _client.EnableGzip();
        }

        _writeApi = _client.GetWriteApiAsync();
        Uri baseUri = new(options.Url.EndsWith('/') ? options.Url : options.Url + "/");
        Target = SecretRedactor.RedactUrl(new Uri(baseUri, "api/v2/write").ToString())
            + $"?org={Uri.EscapeDataString(options.Org ?? string.Empty)}&bucket={Uri.EscapeDataString(options.Bucket ?? string.Empty)}&precision=ns";
    }

    /// <inheritdoc/>
    public string Target { get; }

    /// <inheritdoc/>
    public async ValueTask<WriteResponse> WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        // The client appends no newline after the last record and the payload ends with one: drop it.
        ReadOnlySpan<byte> lines = payload.Span;
        if (!lines.IsEmpty && lines[^1] == (byte)'\n')
        {
            lines = lines[..^1];
        }

        string record = Encoding.UTF8.GetString(lines);
        try
        {
            await _writeApi.WriteRecordAsync(record, WritePrecision.Ns, _options.Bucket, _options.Org, cancellationToken).ConfigureAwait(false);
            return new WriteResponse(HttpStatusCode.NoContent, WriteDisposition.Accepted, string.Empty, null);
        }
        catch (HttpException exception) when (exception.Status != 0)
        {
            return InfluxClientErrors.ToResponse(exception, _secrets);
        }
        catch (HttpException exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The InfluxDB write was cancelled.", exception, cancellationToken);
        }
        catch (HttpException exception)
        {
            throw new HttpRequestException(SecretRedactor.Scrub(exception.Message, _secrets), exception.InnerException);
        }
        catch (FormatException exception)
        {
            // InfluxDB.Client 5.1.0 reads Retry-After as whole seconds only and throws on an HTTP date while building its
            // exception, losing the status: an answer all the same, and one to retry with the sink's own backoff.
            return InfluxClientErrors.UnreadableAnswer(exception, _secrets);
        }
    }

    /// <inheritdoc/>
    public ValueTask<WriteResponse> CreateDatabaseAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new WriteResponse(HttpStatusCode.NoContent, WriteDisposition.Accepted, string.Empty, null));

    /// <inheritdoc/>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            // PingAsync takes no token and never throws: it answers false when the server does not answer /ping.
            return await _client.PingAsync().WaitAsync(_options.Timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Disposes the client (not the <see cref="HttpClient"/>, which is not owned).</summary>
    public void Dispose() => _client.Dispose();
}
