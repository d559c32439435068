using System.Text;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// Every rejection the decoder gives, with its reason and its text: the text is part of each dead letter, so for
/// a given message it stays the same from one version to the next (the replay golden tests hash dead letters).
/// In type and length messages, <c>caller</c>, <c>to_agent</c> and <c>disposition</c> are called "field".
/// </summary>
internal static class Rejections
{
    public static DecodeResult TooLarge { get; } = DecodeResult.Reject(RejectReason.TooLarge, $"message is larger than {EventDecoder.MaxMessageBytes} bytes");

    public static DecodeResult NotUtf8 { get; } = DecodeResult.Reject(RejectReason.MalformedJson, "message is not valid UTF-8");

    public static DecodeResult Empty { get; } = DecodeResult.Reject(RejectReason.MalformedJson, "empty message");

    public static DecodeResult EndOfInput { get; } = DecodeResult.Reject(RejectReason.MalformedJson, "unexpected end of input");

    public static DecodeResult EventIdRequired { get; } = DecodeResult.Reject(RejectReason.MissingField, "event_id is required");

    public static DecodeResult TypeRequired { get; } = DecodeResult.Reject(RejectReason.MissingField, "type is required");

    public static DecodeResult TsRequired { get; } = DecodeResult.Reject(RejectReason.MissingField, "ts is required");

    public static DecodeResult QueueRequired { get; } = DecodeResult.Reject(RejectReason.MissingField, "queue is required for call.queued");

    public static DecodeResult StateRequired { get; } = DecodeResult.Reject(RejectReason.MissingField, "state is required for agent.state");

    public static DecodeResult ScoreRequired { get; } = DecodeResult.Reject(RejectReason.MissingField, "score is required for survey.completed");

    public static DecodeResult ScoreOutOfRange { get; } = DecodeResult.Reject(RejectReason.BadScore, "score must be an integer from 1 to 5");

    public static DecodeResult NotAnObject(string found) => DecodeResult.Reject(RejectReason.NotAnObject, $"expected a JSON object, found {found}");

    public static DecodeResult Duplicate(EventField field) => DecodeResult.Reject(RejectReason.MalformedJson, $"duplicate field '{Encoding.UTF8.GetString(FieldNames.Bytes(field))}'");

    public static DecodeResult ContentAfterObject(long at) => DecodeResult.Reject(RejectReason.MalformedJson, $"unexpected content after the object at byte {at}");

    /// <summary>The JSON reader's own account of the syntax error, at most 200 characters.</summary>
    public static DecodeResult Syntax(string readerMessage) =>
        DecodeResult.Reject(RejectReason.MalformedJson, readerMessage.Length <= 200 ? readerMessage : readerMessage[..200]);

    public static DecodeResult WrongType(EventField field, string expected, string found) =>
        DecodeResult.Reject(RejectReason.WrongFieldType, $"{Name(field)} must be {expected}, found {found}");

    public static DecodeResult TooLong(EventField field) => DecodeResult.Reject(RejectReason.BadValue, $"{Name(field)} is longer than {EventDecoder.MaxNameBytes} bytes");

    public static DecodeResult ControlCharacter(EventField field) => DecodeResult.Reject(RejectReason.BadValue, $"{Name(field)} contains a control character");

    public static DecodeResult TrailingBackslash(EventField field) =>
        DecodeResult.Reject(RejectReason.BadValue, $"{Name(field)} ends with a backslash, which an InfluxDB tag value cannot carry");

    public static DecodeResult CallIdRequired(string type) => DecodeResult.Reject(RejectReason.MissingField, $"call_id is required for {type}");

    public static DecodeResult AgentIdRequired(string type) => DecodeResult.Reject(RejectReason.MissingField, $"agent_id is required for {type}");

    public static DecodeResult UnknownType(ReadOnlySpan<byte> type) => DecodeResult.Reject(RejectReason.UnknownType, $"unknown type '{Text(type)}'");

    public static DecodeResult UnknownSchema(int schema) =>
        DecodeResult.Reject(RejectReason.UnknownSchema, $"schema {schema} is not supported (this processor reads schema 1)");

    public static DecodeResult BadTimestamp(ReadOnlySpan<byte> ts, string? error) => DecodeResult.Reject(RejectReason.BadTimestamp, $"ts '{Text(ts)}': {error}");

    public static DecodeResult BadState(ReadOnlySpan<byte> state) => DecodeResult.Reject(RejectReason.BadState, $"state '{Text(state)}' is not available or not_ready");

    public static DecodeResult BadDirection(ReadOnlySpan<byte> direction) =>
        DecodeResult.Reject(RejectReason.BadValue, $"direction '{Text(direction)}' is not inbound or outbound");

    private static string Name(EventField field) => field is EventField.ToAgent or EventField.Caller or EventField.Disposition
        ? "field"
        : Encoding.UTF8.GetString(FieldNames.Bytes(field));

    // A value quoted in a message: at most 64 characters of it.
    private static string Text(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value);
        return text.Length <= 64 ? text : text[..64] + "...";
    }
}
