using System.Globalization;

namespace CallMetrics.Inputs.Asterisk;

/// <summary>
/// What the translator knows of one caller channel (uniqueid): the canonical call it is now, whether that call
/// ended, who it is connected to and the queue it was last in.
/// </summary>
internal sealed class QueueLogCall
{
    private readonly string _uniqueId;
    private int _segment = 1;

    public QueueLogCall(string uniqueId)
    {
        _uniqueId = uniqueId;
        CanonicalId = uniqueId;
    }

    /// <summary>The caller channel's uniqueid, as queue_log writes it.</summary>
    public string UniqueId => _uniqueId;

    /// <summary><c>uniqueid</c> for the first call of the channel, <c>uniqueid-2</c>, <c>-3</c>, ... after it ended and came back.</summary>
    public string CanonicalId { get; private set; }

    public bool Ended { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    public string? Agent { get; set; }

    public string? Queue { get; set; }

    /// <summary>The channel shows up again after its call ended: a new canonical call with the next suffix.</summary>
    public void StartNextSegment()
    {
        _segment++;
        CanonicalId = string.Create(CultureInfo.InvariantCulture, $"{_uniqueId}-{_segment}");
        Ended = false;
        Agent = null;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(_uniqueId);
        writer.Write(_segment);
        writer.Write(Ended);
        TranslatorState.Write(writer, LastSeen);
        TranslatorState.Write(writer, Agent);
        TranslatorState.Write(writer, Queue);
    }

    public static QueueLogCall Read(BinaryReader reader)
    {
        var call = new QueueLogCall(reader.ReadString());
        var segment = reader.ReadInt32();
        if (segment < 1)
        {
            throw new InvalidDataException($"translator state holds call segment {segment}");
        }

        if (segment > 1)
        {
            call._segment = segment - 1;
            call.StartNextSegment();
        }

        call.Ended = reader.ReadBoolean();
        call.LastSeen = TranslatorState.ReadTime(reader);
        call.Agent = TranslatorState.ReadOptionalString(reader);
        call.Queue = TranslatorState.ReadOptionalString(reader);
        return call;
    }
}
