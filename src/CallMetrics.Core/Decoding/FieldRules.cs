namespace CallMetrics.Core.Decoding;

/// <summary>
/// The rules for an id or a name (EVENTS.md "Bad input", docs/DECISIONS.md "Hostile messages the decoder rejects"):
/// at most <see cref="EventDecoder.MaxNameBytes"/> bytes once unescaped, no control character (names become tags,
/// and line protocol ends a line at <c>\n</c>), and for a tag no trailing backslash.
/// </summary>
internal static class FieldRules
{
    /// <summary>Checks the unescaped <paramref name="value"/> of <paramref name="field"/>.</summary>
    public static DecodeResult Check(EventField field, ReadOnlySpan<byte> value)
    {
        if (!FieldNames.FollowsNameRules(field))
        {
            return DecodeResult.Ok;
        }

        if (value.Length > EventDecoder.MaxNameBytes)
        {
            return Rejections.TooLong(field);
        }

        if (value.IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0 || value.Contains((byte)0x7F))
        {
            return Rejections.ControlCharacter(field);
        }

        // InfluxDB 1.x reads a backslash before the separator after a tag value as escaping it, so a tag value
        // cannot end in one (docs/DECISIONS.md "Names InfluxDB cannot carry").
        if (FieldNames.IsTag(field) && value.Length > 0 && value[^1] == (byte)'\\')
        {
            return Rejections.TrailingBackslash(field);
        }

        return DecodeResult.Ok;
    }
}
