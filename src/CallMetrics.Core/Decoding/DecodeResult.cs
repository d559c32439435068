using System.Runtime.InteropServices;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// The outcome of decoding one message: success, or a reason and a human-readable detail.
/// A value, not an exception: bad input is an expected outcome.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct DecodeResult(RejectReason Reason, string? Detail)
{
    /// <summary>A successful decode.</summary>
    public static DecodeResult Ok => default;

    /// <summary>True when the message decoded into an event.</summary>
    public bool IsOk => Reason == RejectReason.None;

    /// <summary>The full message for a dead letter: <c>code: detail</c>.</summary>
    public string Message => Detail is null ? Reason.Code() : $"{Reason.Code()}: {Detail}";

    /// <summary>A rejection.</summary>
    public static DecodeResult Reject(RejectReason reason, string detail) => new(reason, detail);
}
