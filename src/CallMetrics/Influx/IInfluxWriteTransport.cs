namespace CallMetrics.Influx;

/// <summary>
/// One HTTP attempt against one kind of server, below <see cref="LineProtocolHttpWriter"/>'s retries, circuit breaker
/// and splitting: <see cref="InfluxV1Transport"/> (the 1.x <c>/write</c>, hand-written) or
/// <see cref="InfluxClientTransport"/> (the v2 write API, through InfluxDB.Client).
/// </summary>
/// <remarks>
/// Server answers come back as a <see cref="WriteResponse"/>; a request that got no answer (connection refused or
/// reset, no response in time) throws <see cref="HttpRequestException"/> or <see cref="IOException"/>, and
/// cancellation through the token throws <see cref="OperationCanceledException"/>, which is what the writer's
/// pipeline classifies.
/// </remarks>
internal interface IInfluxWriteTransport : IDisposable
{
    /// <summary>The write address, safe to log.</summary>
    string Target { get; }

    /// <summary>Sends <paramref name="payload"/> (complete lines) once; gzip-compressed when the options say so.</summary>
    ValueTask<WriteResponse> WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Creates the 1.x database (idempotent on the server); servers with the v2 API answer accepted without a request.</summary>
    ValueTask<WriteResponse> CreateDatabaseAsync(CancellationToken cancellationToken);

    /// <summary>Whether the server answers its ping endpoint (<c>/ping</c>) within the attempt timeout.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
