namespace CallMetrics.Influx;

/// <summary>What became of one payload given to <see cref="LineProtocolHttpWriter.WriteAsync"/>: every line is either written or rejected.</summary>
/// <param name="WrittenLines">Lines the server accepted.</param>
/// <param name="Rejected">Lines the server refused for good, with its reason; empty when all were accepted.</param>
/// <param name="Requests">HTTP requests that reached a final answer (retries not counted; a split adds one per half).</param>
public sealed record WriteResult(int WrittenLines, IReadOnlyList<RejectedLine> Rejected, int Requests)
{
    /// <summary>True when no line was rejected.</summary>
    public bool AllWritten => Rejected.Count == 0;
}
