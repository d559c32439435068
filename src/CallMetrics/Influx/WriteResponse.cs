using System.Net;

namespace CallMetrics.Influx;

/// <summary>The final answer of one HTTP attempt, read and disposed inside the resilience pipeline.</summary>
/// <param name="Status">HTTP status code; 0 when the answer could not be read.</param>
/// <param name="Disposition">What to do about it.</param>
/// <param name="ErrorText">The server's error text (secrets scrubbed), empty on success.</param>
/// <param name="RetryAfter">The server's <c>Retry-After</c>, when given.</param>
internal readonly record struct WriteResponse(HttpStatusCode Status, WriteDisposition Disposition, string ErrorText, TimeSpan? RetryAfter)
{
    /// <summary>Status and error text for logs and dead letters.</summary>
    public string Describe() => (int)Status == 0 ? ErrorText : ErrorText.Length == 0 ? $"HTTP {(int)Status}" : $"HTTP {(int)Status}: {ErrorText}";
}
