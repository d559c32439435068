namespace CallMetrics.Influx;

/// <summary>
/// The pure rules of the sink, apart from the loop and the I/O: when to flush, how to answer a status code,
/// how long to wait before the next attempt, and how to split a refused payload.
/// </summary>
internal sealed class InfluxBatchPolicy
{
    private const byte NewLine = (byte)'\n';

    // 2^20 * 100 ms is far beyond any sensible cap; stopping the exponent there avoids overflow on endless retries.
    private const int MaxExponent = 20;

    /// <summary>Creates a policy.</summary>
    public InfluxBatchPolicy(int batchSize, TimeSpan flushInterval, TimeSpan firstRetryDelay, TimeSpan maxRetryDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(flushInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxRetryDelay, TimeSpan.Zero);
        BatchSize = batchSize;
        FlushInterval = flushInterval;
        FirstRetryDelay = firstRetryDelay < maxRetryDelay ? firstRetryDelay : maxRetryDelay;
        MaxRetryDelay = maxRetryDelay;
    }

    /// <summary>Most lines per HTTP write.</summary>
    public int BatchSize { get; }

    /// <summary>Longest time a line waits before it is written.</summary>
    public TimeSpan FlushInterval { get; }

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan FirstRetryDelay { get; }

    /// <summary>Cap on any delay between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; }

    /// <summary>
    /// How long the circuit stays open after it breaks: as long as the longest retry delay, but within Polly's
    /// lower bound (0.5 s) and at most 5 s so a recovered server is noticed quickly.
    /// </summary>
    public TimeSpan BreakDuration =>
        TimeSpan.FromTicks(Math.Clamp(MaxRetryDelay.Ticks, TimeSpan.FromMilliseconds(500).Ticks, TimeSpan.FromSeconds(5).Ticks));

    /// <summary>The policy for <paramref name="options"/>.</summary>
    public static InfluxBatchPolicy From(InfluxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new InfluxBatchPolicy(options.BatchSize, options.FlushInterval, InfluxDefaults.FirstRetryDelay, options.MaxRetryDelay);
    }

    /// <summary>True when the pending lines must be written before <paramref name="incomingLines"/> more join them, so a write stays within <see cref="BatchSize"/>.</summary>
    public bool ShouldFlushBefore(int pendingLines, int incomingLines) => pendingLines > 0 && pendingLines + incomingLines > BatchSize;

    /// <summary>True when the pending lines fill a write.</summary>
    public bool IsFull(int pendingLines) => pendingLines >= BatchSize;

    /// <summary>How much longer the oldest pending line may wait; zero means flush now.</summary>
    public TimeSpan TimeUntilFlush(TimeSpan oldestPendingAge) => oldestPendingAge >= FlushInterval ? TimeSpan.Zero : FlushInterval - oldestPendingAge;

    /// <summary>What to do with an HTTP status code.</summary>
    public static WriteDisposition Classify(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => WriteDisposition.Accepted,
        408 or 429 or >= 500 => WriteDisposition.Transient,
        400 or 413 or 422 => WriteDisposition.Rejected,

        // 401/403: bad credentials; 404: missing database or bucket (or a wrong Url). Anything else is unexpected.
        // None of them is the data's fault, so retrying (and shouting) beats dropping.
        _ => WriteDisposition.Misconfigured,
    };

    /// <summary>
    /// Delay before retry number <paramref name="attempt"/> (0 = first retry): exponential from <see cref="FirstRetryDelay"/>
    /// with "equal jitter" (between half and all of the exponential step), capped at <see cref="MaxRetryDelay"/>.
    /// A server's <paramref name="retryAfter"/> wins when given (also capped).
    /// </summary>
    /// <param name="attempt">Zero-based retry number.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, if any.</param>
    /// <param name="jitter">A uniform random number in [0, 1).</param>
    public TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter, double jitter)
    {
        if (retryAfter is { } hint)
        {
            return hint < TimeSpan.Zero ? TimeSpan.Zero : hint > MaxRetryDelay ? MaxRetryDelay : hint;
        }

        int exponent = Math.Clamp(attempt, 0, MaxExponent);
        double step = Math.Min(FirstRetryDelay.Ticks * Math.Pow(2, exponent), MaxRetryDelay.Ticks);
        double ticks = step * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1)));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Number of lines in a payload: newline-terminated lines plus an unterminated tail.</summary>
    public static int CountLines(ReadOnlySpan<byte> payload)
    {
        int count = payload.Count(NewLine);
        return payload.Length > 0 && payload[^1] != NewLine ? count + 1 : count;
    }

    /// <summary>Splits a payload of at least two lines into two halves at a line boundary, first half first.</summary>
    public static (ReadOnlyMemory<byte> First, ReadOnlyMemory<byte> Second) SplitInHalves(ReadOnlyMemory<byte> payload)
    {
        int lines = CountLines(payload.Span);
        if (lines < 2)
        {
            throw new ArgumentException("A payload of fewer than two lines cannot be split.", nameof(payload));
        }

        int linesInFirst = lines / 2;
        ReadOnlySpan<byte> span = payload.Span;
        int end = 0;
        for (int i = 0; i < linesInFirst; i++)
        {
            end += span[end..].IndexOf(NewLine) + 1;
        }

        return (payload[..end], payload[end..]);
    }
}
