using System.Buffers;
using System.IO.Hashing;
using System.Text;
using System.Text.Unicode;

namespace CallMetrics.Core.Events;

/// <summary>
/// Interns UTF-8 names (tenants, agents, calls, queues, teams, reasons) as dense positive integers,
/// looking them up by their bytes so that a name seen before costs no allocation. Symbol 0 is
/// reserved for "absent". One writer (the decoding thread) interns; any number of threads may read
/// names of symbols they were handed concurrently: names live in fixed-size chunks that never move.
/// </summary>
public sealed class SymbolTable
{
    // Keyed by the name string with ordinal equality, but hashed over the name's UTF-8 bytes, so the
    // decoder's bytes are looked up as they are (no transcoding to UTF-16 per lookup).
    private readonly Dictionary<string, int> _byString = new(Utf8NameComparer.Instance);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private string[][] _chunks = [new string[ChunkSize]];
    private int _count = 1;
    private int[]? _releasedInChunk;
    private char[] _scratch = new char[256];

    /// <summary>Creates an empty table.</summary>
    public SymbolTable()
    {
        _byChars = _byString.GetAlternateLookup<ReadOnlySpan<char>>();
        _byBytes = _byString.GetAlternateLookup<ReadOnlySpan<byte>>();
        _chunks[0][0] = string.Empty;
    }

    /// <summary>Number of symbols, including the reserved 0.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The symbol of a name given as UTF-8 bytes, adding it when new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return 0;
        }

        if (_byBytes.TryGetValue(utf8, out var symbol))
        {
            return symbol;
        }

        if (Utf8.IsValid(utf8))
        {
            return Add(Encoding.UTF8.GetString(utf8)); // new name: its string is created once, for output
        }

        // Bytes that are not valid UTF-8 hash differently from the string they decode to (with
        // replacement characters): decode as before and look that string up.
        var max = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (_scratch.Length < max)
        {
            _scratch = new char[Math.Max(max, _scratch.Length * 2)];
        }

        var length = Encoding.UTF8.GetChars(utf8, _scratch);
        return Intern(_scratch.AsSpan(0, length));
    }

    /// <summary>The symbol of a name, adding it when new.</summary>
    public int Intern(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return 0;
        }

        if (_byChars.TryGetValue(name, out var symbol))
        {
            return symbol;
        }

        return Add(name.ToString());
    }

    private int Add(string text)
    {
        var symbol = _count;
        var chunk = symbol >> ChunkBits;
        if (chunk == _chunks.Length)
        {
            var chunks = new string[chunk * 2][];
            _chunks.CopyTo(chunks, 0);
            chunks[chunk] = new string[ChunkSize];
            Volatile.Write(ref _chunks, chunks);
        }
        else if (_chunks[chunk] is null)
        {
            _chunks[chunk] = new string[ChunkSize];
        }

        _chunks[chunk][symbol & (ChunkSize - 1)] = text;
        _byString.Add(text, symbol);

        // Publish the name before the count: a reader that sees the symbol sees its name.
        Volatile.Write(ref _count, symbol + 1);
        return symbol;
    }

    /// <summary>The symbol of a name, adding it when new.</summary>
    public int Intern(string name) => Intern(name.AsSpan());

    /// <summary>Names released so far.</summary>
    public long Released { get; private set; }

    /// <summary>
    /// Forgets a name nothing refers to any more (a call long ended): its entry and string go, and a chunk
    /// whose names are all released is freed, so memory follows the live names, not all names ever seen.
    /// Numbers are not reused (a late event for the name interns it afresh under a new number). Only the
    /// writer calls this.
    /// </summary>
    public void Release(int symbol)
    {
        if (symbol <= 0 || symbol >= _count)
        {
            return;
        }

        var chunk = _chunks[symbol >> ChunkBits];
        var slot = symbol & (ChunkSize - 1);
        if (chunk?[slot] is not { } name)
        {
            return;
        }

        if (_byString.TryGetValue(name, out var current) && current == symbol)
        {
            _byString.Remove(name);
        }

        chunk[slot] = null!;
        Released++;
        var index = symbol >> ChunkBits;
        _releasedInChunk ??= new int[_chunks.Length];
        if (_releasedInChunk.Length < _chunks.Length)
        {
            Array.Resize(ref _releasedInChunk, _chunks.Length);
        }

        if (++_releasedInChunk[index] == ChunkSize)
        {
            _chunks[index] = null!; // every name of the chunk is gone: readers never ask for them again
        }
    }

    /// <summary>The symbol of a name that is already known; false when it is not.</summary>
    public bool TryGet(string name, out int symbol) => _byString.TryGetValue(name, out symbol);

    /// <summary>The name of a symbol; the empty string for 0.</summary>
    public string this[int symbol] => Volatile.Read(ref _chunks)[symbol >> ChunkBits]?[symbol & (ChunkSize - 1)] ?? ReleasedName;

    /// <summary>What a released symbol reads as.</summary>
    public const string ReleasedName = "(released)";

    /// <summary>
    /// Ordinal string equality with a hash over the UTF-8 encoding of the name (seeded per process), so that
    /// a name can be found from its UTF-8 bytes, its UTF-16 chars or its string alike.
    /// </summary>
    private sealed class Utf8NameComparer :
        IEqualityComparer<string>,
        IAlternateEqualityComparer<ReadOnlySpan<byte>, string>,
        IAlternateEqualityComparer<ReadOnlySpan<char>, string>
    {
        public static readonly Utf8NameComparer Instance = new();

        private static readonly long Seed = Random.Shared.NextInt64();

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, string other)
        {
            if (System.Text.Ascii.Equals(alternate, other))
            {
                return true;
            }

            if (System.Text.Ascii.IsValid(alternate))
            {
                return false; // ASCII bytes decode to the same chars: not equal
            }

            // Non-ASCII: compare what the bytes decode to, exactly as interning decodes them.
            var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(alternate.Length));
            try
            {
                var length = Encoding.UTF8.GetChars(alternate, chars);
                return chars.AsSpan(0, length).SequenceEqual(other);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        public int GetHashCode(ReadOnlySpan<byte> alternate) => unchecked((int)XxHash3.HashToUInt64(alternate, Seed));

        public string Create(ReadOnlySpan<byte> alternate) => Encoding.UTF8.GetString(alternate);

        public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<char> alternate)
        {
            // The hash of the UTF-8 encoding (invalid UTF-16 encodes with replacement characters; equality
            // stays ordinal, so such names only share a hash with their replaced form).
            var max = Encoding.UTF8.GetMaxByteCount(alternate.Length);
            if (max <= 1024)
            {
                Span<byte> buffer = stackalloc byte[1024];
                var written = Encoding.UTF8.GetBytes(alternate, buffer);
                return GetHashCode((ReadOnlySpan<byte>)buffer[..written]);
            }

            var rented = ArrayPool<byte>.Shared.Rent(max);
            try
            {
                var written = Encoding.UTF8.GetBytes(alternate, rented);
                return GetHashCode((ReadOnlySpan<byte>)rented.AsSpan(0, written));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();
    }
}
