using System.Text;
using System.Text.Json;

namespace CallMetrics.Replay;

/// <summary>
/// Writes rejected input as JSON Lines: <c>{"line":N,"reason":"code: detail","raw":"..."}</c>, one record
/// per rejected line, so that nothing is lost and every rejection says why and where.
/// </summary>
internal sealed class DeadLetterFileWriter(TextWriter output) : IDisposable
{
    private readonly MemoryStream _buffer = new();

    /// <summary>Records written.</summary>
    public long Count { get; private set; }

    /// <summary>Writes one record.</summary>
    public void Write(long lineNumber, string reason, ReadOnlySpan<byte> raw)
    {
        _buffer.SetLength(0);
        using (var writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("line"u8, lineNumber);
            writer.WriteString("reason"u8, reason);
            if (System.Text.Unicode.Utf8.IsValid(raw))
            {
                writer.WriteString("raw"u8, raw);
            }
            else
            {
                // Not text: keep the exact bytes.
                writer.WriteBase64String("raw_base64"u8, raw);
            }

            writer.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        output.Write('\n');
        Count++;
    }

    public void Dispose() => _buffer.Dispose();
}
