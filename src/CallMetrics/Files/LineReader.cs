using System.Buffers;

namespace CallMetrics.Files;

/// <summary>
/// Reads a stream as lines of UTF-8 bytes without allocating per line: each line (without its
/// '\n' or '\r\n') is handed to a callback as a span valid only during the call. Lines longer than
/// <see cref="MaxLineBytes"/> are handed over whole all the same, flagged, so the caller can reject
/// them with their line number instead of losing them.
/// </summary>
internal sealed class LineReader(Stream stream, int bufferSize = 1 << 20)
{
    /// <summary>Lines longer than this are flagged as too large.</summary>
    public const int MaxLineBytes = 1 << 20;

    /// <summary>Receives one line.</summary>
    public delegate void LineHandler(ReadOnlySpan<byte> line, long lineNumber, bool tooLarge);

    /// <summary>Reads to the end, calling <paramref name="handler"/> for each line (blank ones included).</summary>
    public async Task ReadAllAsync(LineHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            var filled = 0;
            long lineNumber = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One line fills the whole buffer: grow it.
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    if (filled > 0)
                    {
                        Emit(handler, buffer.AsSpan(0, filled), ++lineNumber);
                    }

                    return;
                }

                filled += read;
                var consumed = Split(handler, buffer.AsSpan(0, filled), ref lineNumber);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Split(LineHandler handler, ReadOnlySpan<byte> data, ref long lineNumber)
    {
        var consumed = 0;
        while (true)
        {
            var newline = data[consumed..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return consumed;
            }

            Emit(handler, data.Slice(consumed, newline), ++lineNumber);
            consumed += newline + 1;
        }
    }

    private static void Emit(LineHandler handler, ReadOnlySpan<byte> line, long lineNumber)
    {
        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        handler(line, lineNumber, line.Length > MaxLineBytes);
    }
}
