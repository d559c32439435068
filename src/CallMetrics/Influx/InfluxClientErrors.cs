using System.Net;

using InfluxDB.Client.Core.Exceptions;

namespace CallMetrics.Influx;

/// <summary>Turns InfluxDB.Client's exceptions for refused writes into the <see cref="WriteResponse"/> the writer classifies.</summary>
internal static class InfluxClientErrors
{
    /// <summary>
    /// The status, the server's message (secrets removed) and its <c>Retry-After</c> of an answered request:
    /// <see cref="HttpException.RetryAfter"/>, or the header itself in any letter case (the client matches it case-sensitively).
    /// </summary>
    public static WriteResponse ToResponse(HttpException exception, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(exception);
        int status = exception.Status;
        TimeSpan? retryAfter = exception.RetryAfter is int seconds ? TimeSpan.FromSeconds(seconds) : RetryAfterHeader(exception);
        return new WriteResponse((HttpStatusCode)status, InfluxBatchPolicy.Classify(status), InfluxErrorText.From(exception.Message, secrets), retryAfter);
    }

    /// <summary>An answer the client could not read (see <see cref="InfluxClientTransport"/>): retried as transient.</summary>
    public static WriteResponse UnreadableAnswer(Exception exception, IReadOnlyList<string> secrets) => new(
        0,
        WriteDisposition.Transient,
        "an answer InfluxDB.Client could not read (" + SecretRedactor.Scrub(exception.Message, secrets) + ")",
        null);

    private static TimeSpan? RetryAfterHeader(HttpException exception)
    {
        if (exception.Headers is null)
        {
            return null;
        }

        foreach (var header in exception.Headers)
        {
            if (string.Equals(header.Name, "Retry-After", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(header.Value?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value))
            {
                return TimeSpan.FromSeconds(value);
            }
        }

        return null;
    }
}
