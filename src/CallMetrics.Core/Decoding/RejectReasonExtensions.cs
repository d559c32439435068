namespace CallMetrics.Core.Decoding;

/// <summary>Stable snake_case codes for <see cref="RejectReason"/>, used in dead letters and metrics.</summary>
public static class RejectReasonExtensions
{
    /// <summary>The stable code of a reason (<c>malformed_json</c>, <c>missing_field</c>, ..., <c>late</c>).</summary>
    public static string Code(this RejectReason reason) => reason switch
    {
        RejectReason.MalformedJson => "malformed_json",
        RejectReason.NotAnObject => "not_an_object",
        RejectReason.MissingField => "missing_field",
        RejectReason.WrongFieldType => "wrong_field_type",
        RejectReason.UnknownType => "unknown_type",
        RejectReason.UnknownSchema => "unknown_schema",
        RejectReason.BadTimestamp => "bad_timestamp",
        RejectReason.BadState => "bad_state",
        RejectReason.BadScore => "bad_score",
        RejectReason.BadValue => "bad_value",
        RejectReason.TooLarge => "too_large",
        RejectReason.Late => "late",
        RejectReason.TooFarAhead => "too_far_ahead",
        RejectReason.Future => "future",
        RejectReason.TooOld => "too_old",
        _ => "none",
    };
}
