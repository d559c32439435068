namespace CallMetrics.Influx;

/// <summary>A line the server refused for good (bad syntax, field type conflict, too large): dead-letter it.</summary>
/// <param name="Line">The line, without its trailing newline.</param>
/// <param name="Reason">HTTP status and the server's error text.</param>
public readonly record struct RejectedLine(string Line, string Reason);
