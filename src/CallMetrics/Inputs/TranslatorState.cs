namespace CallMetrics.Inputs;

/// <summary>
/// The primitives of a translator's saved state (<see cref="IEventTranslator.WriteState"/>): instants as UTC ticks,
/// strings that may be absent, and a format tag that a reader checks first. Instants keep their moment, not their
/// offset: translators compare and print instants only, so a restored translator behaves the same.
/// </summary>
internal static class TranslatorState
{
    /// <summary>Writes the format tag of a state, so that a state of another translator or version is refused.</summary>
    public static void WriteFormat(BinaryWriter writer, string format) => writer.Write(format);

    /// <summary>Reads the format tag; <see cref="InvalidDataException"/> when it is not <paramref name="format"/>.</summary>
    public static void ReadFormat(BinaryReader reader, string format)
    {
        var written = reader.ReadString();
        if (!string.Equals(written, format, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"translator state '{written}' is not '{format}'");
        }
    }

    public static void Write(BinaryWriter writer, DateTimeOffset value) => writer.Write(value.UtcTicks);

    public static DateTimeOffset ReadTime(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        return ticks is >= 0 and <= 3_155_378_975_999_999_999L
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new InvalidDataException($"translator state holds an instant out of range ({ticks} ticks)");
    }

    public static void Write(BinaryWriter writer, DateTimeOffset? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            Write(writer, v);
        }
    }

    public static DateTimeOffset? ReadOptionalTime(BinaryReader reader) => reader.ReadBoolean() ? ReadTime(reader) : null;

    public static void Write(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    public static string? ReadOptionalString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    /// <summary>Writes a set of strings in ordinal order, so equal sets give equal bytes.</summary>
    public static void Write(BinaryWriter writer, IReadOnlyCollection<string> values)
    {
        writer.Write7BitEncodedInt(values.Count);
        foreach (var value in values.Order(StringComparer.Ordinal))
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads what <see cref="Write(BinaryWriter, IReadOnlyCollection{string})"/> wrote into <paramref name="into"/> (cleared first).</summary>
    public static void ReadInto(BinaryReader reader, ICollection<string> into)
    {
        into.Clear();
        var count = ReadCount(reader);
        for (var i = 0; i < count; i++)
        {
            into.Add(reader.ReadString());
        }
    }

    public static int ReadCount(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        return count >= 0 ? count : throw new InvalidDataException("translator state holds a negative count");
    }
}
