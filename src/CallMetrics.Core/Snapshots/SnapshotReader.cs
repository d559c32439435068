using CallMetrics.Core.Events;

namespace CallMetrics.Core.Snapshots;

/// <summary>Reads what <see cref="SnapshotWriter"/> wrote, interning names into the reader's symbol table.</summary>
public sealed class SnapshotReader : IDisposable
{
    private readonly BinaryReader _reader;
    private readonly SymbolTable _symbols;
    private readonly List<int> _read = [];

    /// <summary>Reads from <paramref name="input"/> (left open), interning into <paramref name="symbols"/>.</summary>
    public SnapshotReader(Stream input, SymbolTable symbols)
    {
        _reader = new BinaryReader(input, System.Text.Encoding.UTF8, leaveOpen: true);
        _symbols = symbols;
    }

    /// <summary>
    /// The engine format version of the snapshot being read (the current one unless the reader's owner says
    /// otherwise): parts whose layout grew in some version read the older layout when it is below that version.
    /// </summary>
    public int Version { get; internal set; } = Processing.EngineSnapshotCodec.Version;

    /// <summary>Reads a symbol.</summary>
    public int Symbol()
    {
        var tag = _reader.Read7BitEncodedInt();
        switch (tag)
        {
            case 0:
                return 0;
            case 1:
                var symbol = _symbols.Intern(_reader.ReadString());
                _read.Add(symbol);
                return symbol;
            default:
                var index = tag - 2;
                if ((uint)index >= (uint)_read.Count)
                {
                    throw new InvalidDataException($"snapshot refers to name #{index} before defining it");
                }

                return _read[index];
        }
    }

    /// <summary>Reads a 64-bit integer.</summary>
    public long Long() => _reader.ReadInt64();

    /// <summary>Reads a 32-bit integer.</summary>
    public int Int() => _reader.ReadInt32();

    /// <summary>Reads a small non-negative count.</summary>
    public int Count()
    {
        var count = _reader.Read7BitEncodedInt();
        return count >= 0 ? count : throw new InvalidDataException("negative count in snapshot");
    }

    /// <summary>Reads a byte.</summary>
    public byte Byte() => _reader.ReadByte();

    /// <summary>Reads a boolean.</summary>
    public bool Bool() => _reader.ReadBoolean();

    /// <summary>Reads a string.</summary>
    public string String() => _reader.ReadString();

    /// <summary>Releases the reader.</summary>
    public void Dispose() => _reader.Dispose();
}
