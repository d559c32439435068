using System.Buffers;

namespace CallMetrics.Streaming.Elements;

/// <summary>
/// Raw input as read: records (their bytes in one pooled buffer, each with its position and optional key), some of
/// them already rejected by the source or the translator (too large, untranslatable) with a reason. Owned by one stage
/// at a time; the engine stage returns the buffers once the records' dead letters, if any, are taken.
/// </summary>
internal sealed class RecordBatch : StreamElement
{
    private byte[] _data;
    private Record[] _records;
    private int _used;

    /// <summary>Creates an empty batch with room for about <paramref name="bytes"/> bytes and <paramref name="records"/> records.</summary>
    public RecordBatch(int bytes = 1 << 16, int records = 256)
    {
        _data = ArrayPool<byte>.Shared.Rent(bytes);
        _records = ArrayPool<Record>.Shared.Rent(records);
    }

    /// <summary>Records in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Records rejected before decoding, by index, in increasing index order.</summary>
    public List<(int Index, string Reason)> Rejections { get; } = [];

    /// <summary>
    /// Where the batch's input ends, per input partition (the next offset), when the input is not what the records'
    /// positions name: scaled mode reads the repartition topic, while positions name each record's origin. Null: the
    /// positions are the input.
    /// </summary>
    public Dictionary<int, long>? InputEnds { get; set; }

    /// <summary>The position of record <paramref name="index"/>.</summary>
    public SourcePosition Position(int index) => _records[index].Position;

    /// <summary>The bytes of record <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Value(int index) => _data.AsSpan(_records[index].Start, _records[index].Length);

    /// <summary>The key of record <paramref name="index"/>; empty when it has none (see <see cref="HasKey"/>).</summary>
    public ReadOnlySpan<byte> Key(int index) => _records[index].KeyLength < 0 ? default : _data.AsSpan(_records[index].KeyStart, _records[index].KeyLength);

    /// <summary>Whether record <paramref name="index"/> has a key (Kafka messages may have none).</summary>
    public bool HasKey(int index) => _records[index].KeyLength >= 0;

    /// <summary>Adds a record (its bytes are copied).</summary>
    public int Add(ReadOnlySpan<byte> value, SourcePosition position) => Add(value, position, default, hasKey: false);

    /// <summary>Adds a record with a key (both copied).</summary>
    public int Add(ReadOnlySpan<byte> value, SourcePosition position, ReadOnlySpan<byte> key, bool hasKey)
    {
        var keyStart = Append(key);
        var start = Append(value);
        if (Count == _records.Length)
        {
            var bigger = ArrayPool<Record>.Shared.Rent(_records.Length * 2);
            _records.AsSpan(0, Count).CopyTo(bigger);
            ArrayPool<Record>.Shared.Return(_records);
            _records = bigger;
        }

        _records[Count] = new Record(start, value.Length, keyStart, hasKey ? key.Length : -1, position);
        return Count++;
    }

    /// <summary>Adds a record that is rejected already, with the reason its dead letter carries.</summary>
    public void AddRejected(ReadOnlySpan<byte> value, SourcePosition position, string reason, ReadOnlySpan<byte> key = default, bool hasKey = false) =>
        Rejections.Add((Add(value, position, key, hasKey), reason));

    /// <summary>Gives the pooled buffers back; the batch must not be used afterwards.</summary>
    public void Return()
    {
        if (_data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_data);
            ArrayPool<Record>.Shared.Return(_records);
            _data = [];
            _records = [];
        }
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        if (_used + bytes.Length > _data.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, _used + bytes.Length));
            _data.AsSpan(0, _used).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = bigger;
        }

        var start = _used;
        bytes.CopyTo(_data.AsSpan(start));
        _used += bytes.Length;
        return start;
    }

    private readonly record struct Record(int Start, int Length, int KeyStart, int KeyLength, SourcePosition Position);
}
