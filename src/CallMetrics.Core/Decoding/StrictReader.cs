using System.Text.Json;

namespace CallMetrics.Core.Decoding;

/// <summary>
/// The strict path: reads a message with <see cref="Utf8JsonReader"/> (RFC 8259: depth at most 64, no comments,
/// no trailing commas, no <c>NaN</c>, nothing after the object) and captures the recognized fields, checking each
/// value as it comes, so the first problem in document order is the one reported. Every message the
/// <see cref="CanonicalScanner"/> does not finish comes here: escapes, malformed JSON, wrong types, long values. Not
/// thread-safe: values with escapes are unescaped into this reader's scratch buffer.
/// </summary>
internal sealed class StrictReader
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow };

    private byte[] _scratch = new byte[512];
    private int _scratchUsed;

    /// <summary>Captures the fields of <paramref name="json"/> (valid UTF-8, not blank) into <paramref name="fields"/>.</summary>
    public DecodeResult Read(ReadOnlySpan<byte> json, ref EventFields fields)
    {
        _scratchUsed = 0;
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(ReaderOptions));
            if (!reader.Read())
            {
                return Rejections.Empty;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Rejections.NotAnObject(Describe(reader.TokenType));
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = reader.ValueIsEscaped ? IdentifyEscaped(ref reader) : FieldNames.Identify(reader.ValueSpan);

                // Two values for one field: readers disagree on which wins (first or last), so a message could mean
                // one thing here and another to the next consumer. Rejected.
                if (!fields.MarkSeen(field))
                {
                    return Rejections.Duplicate(field);
                }

                if (!reader.Read())
                {
                    return Rejections.EndOfInput;
                }

                if (field == EventField.Unknown)
                {
                    reader.Skip();
                    continue;
                }

                var result = Capture(ref reader, field, ref fields);
                if (!result.IsOk)
                {
                    return result;
                }
            }

            if (reader.Read())
            {
                return Rejections.ContentAfterObject(reader.TokenStartIndex);
            }
        }
        catch (JsonException exception)
        {
            return Rejections.Syntax(exception.Message);
        }
        catch (InvalidOperationException exception)
        {
            // Utf8JsonReader reports an invalid escape (a lone surrogate) in a string it unescapes this way.
            return Rejections.Syntax(exception.Message);
        }

        return DecodeResult.Ok;
    }

    private DecodeResult Capture(ref Utf8JsonReader reader, EventField field, ref EventFields fields)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return DecodeResult.Ok; // EVENTS.md: null counts as absent.
        }

        switch (field)
        {
            case EventField.Schema:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var schema))
                {
                    return Rejections.WrongType(field, "an integer", Describe(reader.TokenType));
                }

                fields.HasSchema = true;
                fields.Schema = schema;
                return DecodeResult.Ok;
            case EventField.Score:
                if (reader.TokenType != JsonTokenType.Number)
                {
                    return Rejections.WrongType(field, "an integer from 1 to 5", Describe(reader.TokenType));
                }

                fields.HasScore = true;
                fields.Score = reader.TryGetInt32(out var score) ? score : -1;
                return DecodeResult.Ok;
            default:
                break;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return Rejections.WrongType(field, "a string", Describe(reader.TokenType));
        }

        // Escaped, a value may be up to 6 bytes per character it stands for: longer is too long whatever it holds.
        var length = reader.ValueSpan.Length;
        if (length > EventDecoder.MaxNameBytes * 6)
        {
            return Rejections.TooLong(field);
        }

        ReadOnlySpan<byte> value;
        if (reader.ValueIsEscaped)
        {
            // CopyString also rejects a lone surrogate (InvalidOperationException, caught by Read).
            EnsureScratch(length);
            var written = reader.CopyString(_scratch.AsSpan(_scratchUsed));
            value = _scratch.AsSpan(_scratchUsed, written);
            _scratchUsed += written;
        }
        else
        {
            value = reader.ValueSpan; // the bytes between the quotes are the value (the message is valid UTF-8)
        }

        var checkedValue = FieldRules.Check(field, value);
        if (!checkedValue.IsOk)
        {
            return checkedValue;
        }

        fields.Set(field, value);
        return DecodeResult.Ok;
    }

    private static EventField IdentifyEscaped(ref Utf8JsonReader reader)
    {
        foreach (var field in FieldNames.Known)
        {
            if (reader.ValueTextEquals(FieldNames.Bytes(field)))
            {
                return field;
            }
        }

        return EventField.Unknown;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private void EnsureScratch(int length)
    {
        if (_scratchUsed + length > _scratch.Length)
        {
            // Values already captured point into the old buffer, which stays alive as long as they do.
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchUsed + length));
        }
    }
}
