using System.Buffers;
using CallMetrics.Core.Decoding;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Files;

/// <summary>
/// The file port: reads a stream (a file, or standard input) as batches of whole lines, about
/// <paramref name="chunkBytes"/> each, then one <see cref="EndOfInput"/>. Each line (without its '\n' or '\r\n')
/// is a record at source 0 with its 1-based line number; blank lines are skipped (EVENTS.md) but counted; a line
/// longer than <see cref="MaxLineBytes"/> is kept whole, rejected as too large.
/// </summary>
internal sealed class LineChunkReader(Stream stream, int chunkBytes = 1 << 20)
{
    /// <summary>Lines longer than this are rejected as too large.</summary>
    public const int MaxLineBytes = 1 << 20;

    private static readonly string TooLarge = $"{RejectReason.TooLarge.Code()}: line is longer than {MaxLineBytes} bytes";

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(chunkBytes * 2);
    private int _filled;
    private bool _eof;
    private bool _ended;

    /// <summary>Lines read so far, blank ones included.</summary>
    public long Lines { get; private set; }

    /// <summary>The next batch of lines, then <see cref="EndOfInput"/>, then null.</summary>
    public async Task<StreamElement?> NextAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return null;
        }

        while (true)
        {
            while (!_eof && _filled < chunkBytes)
            {
                if (_filled == _buffer.Length)
                {
                    Grow();
                }

                var read = await stream.ReadAsync(_buffer.AsMemory(_filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _eof = true;
                }

                _filled += read;
            }

            if (_filled == 0)
            {
                _ended = true;
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = [];
                return new EndOfInput(Lines);
            }

            var end = _eof ? _filled : _buffer.AsSpan(0, _filled).LastIndexOf((byte)'\n') + 1;
            if (end == 0)
            {
                // One line fills the whole chunk: read on until it ends.
                Grow();
                await ReadMoreAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var batch = Split(_buffer.AsSpan(0, end));
            _buffer.AsSpan(end, _filled - end).CopyTo(_buffer);
            _filled -= end;
            return batch;
        }
    }

    private async Task ReadMoreAsync(CancellationToken cancellationToken)
    {
        var read = await stream.ReadAsync(_buffer.AsMemory(_filled), cancellationToken).ConfigureAwait(false);
        _eof = read == 0;
        _filled += read;
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _filled).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private RecordBatch Split(ReadOnlySpan<byte> data)
    {
        var batch = new RecordBatch(data.Length, Math.Max(16, data.Length / 128));
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var line = newline < 0 ? data : data[..newline];
            data = newline < 0 ? default : data[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            var position = new SourcePosition(0, ++Lines);
            if (line.Length > MaxLineBytes)
            {
                batch.AddRejected(line, position, TooLarge);
            }
            else if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                batch.Add(line, position);
            }
        }

        return batch;
    }
}
