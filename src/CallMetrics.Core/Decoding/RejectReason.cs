namespace CallMetrics.Core.Decoding;

/// <summary>Why an input event was rejected (EVENTS.md "Bad input", METRICS.md lateness).</summary>
public enum RejectReason : byte
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>The message is not valid JSON (or not UTF-8).</summary>
    MalformedJson,

    /// <summary>The JSON value is not an object.</summary>
    NotAnObject,

    /// <summary>A required field is absent (or null, or the empty string).</summary>
    MissingField,

    /// <summary>A field has the wrong JSON type (for example a number where an id string is required).</summary>
    WrongFieldType,

    /// <summary>The <c>type</c> is not one of EVENTS.md.</summary>
    UnknownType,

    /// <summary>The <c>schema</c> version is not 1.</summary>
    UnknownSchema,

    /// <summary>The <c>ts</c> is not an RFC 3339 timestamp with an offset, or is out of range.</summary>
    BadTimestamp,

    /// <summary>A <c>state</c> other than <c>available</c>/<c>not_ready</c>.</summary>
    BadState,

    /// <summary>A <c>score</c> that is not an integer from 1 to 5.</summary>
    BadScore,

    /// <summary>A value that is not allowed (control characters in a name, an over-long id, an unknown <c>direction</c>).</summary>
    BadValue,

    /// <summary>The message is larger than the configured limit.</summary>
    TooLarge,

    /// <summary>The event is older than the watermark (METRICS.md "Lateness").</summary>
    Late,

    /// <summary>The event is further ahead of event time than the max future skew allows (replay, when asked for).</summary>
    TooFarAhead,

    /// <summary>The event is more than the max future skew ahead of the wall clock (the service; METRICS.md "Wall-clock guards").</summary>
    Future,

    /// <summary>The event is more than the max event age behind the wall clock (the service; METRICS.md "Wall-clock guards").</summary>
    TooOld,
}
