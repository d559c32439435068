namespace CallMetrics.Influx;

/// <summary>What the writer does with a server answer.</summary>
internal enum WriteDisposition
{
    /// <summary>2xx: the lines are durable.</summary>
    Accepted,

    /// <summary>408, 429, 5xx: try again later.</summary>
    Transient,

    /// <summary>401, 403, 404 and unexpected codes: the settings are wrong; fail loudly but keep retrying (never drop).</summary>
    Misconfigured,

    /// <summary>400, 413, 422: the payload is at fault; split it to find and reject the bad lines.</summary>
    Rejected,
}
