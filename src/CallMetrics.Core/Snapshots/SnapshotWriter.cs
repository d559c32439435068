using CallMetrics.Core.Events;

namespace CallMetrics.Core.Snapshots;

/// <summary>
/// Writes engine state in a compact binary form. Symbols are written as names (each name once, then
/// by number), so a snapshot does not depend on the interning order of the process that wrote it.
/// </summary>
public sealed class SnapshotWriter : IDisposable
{
    private readonly BinaryWriter _writer;
    private readonly SymbolTable _symbols;
    private readonly Dictionary<int, int> _written = [];

    /// <summary>Writes to <paramref name="output"/> (left open) with names from <paramref name="symbols"/>.</summary>
    public SnapshotWriter(Stream output, SymbolTable symbols)
    {
        _writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true);
        _symbols = symbols;
    }

    /// <summary>Writes a symbol: its name the first time, its snapshot number after that.</summary>
    public void Symbol(int symbol)
    {
        if (symbol == 0)
        {
            _writer.Write7BitEncodedInt(0);
            return;
        }

        if (_written.TryGetValue(symbol, out var index))
        {
            _writer.Write7BitEncodedInt(index + 2);
            return;
        }

        _written.Add(symbol, _written.Count);
        _writer.Write7BitEncodedInt(1);
        _writer.Write(_symbols[symbol]);
    }

    /// <summary>Writes a 64-bit integer.</summary>
    public void Long(long value) => _writer.Write(value);

    /// <summary>Writes a 32-bit integer.</summary>
    public void Int(int value) => _writer.Write(value);

    /// <summary>Writes a small non-negative count.</summary>
    public void Count(int value) => _writer.Write7BitEncodedInt(value);

    /// <summary>Writes a byte.</summary>
    public void Byte(byte value) => _writer.Write(value);

    /// <summary>Writes a boolean.</summary>
    public void Bool(bool value) => _writer.Write(value);

    /// <summary>Writes a string.</summary>
    public void String(string value) => _writer.Write(value);

    /// <summary>Flushes the underlying writer.</summary>
    public void Dispose() => _writer.Dispose();
}
