using CallMetrics.Inputs;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The translation step: records of a vendor format (Asterisk queue_log, Amazon Connect) become canonical events,
/// one translator per source. Translators are stateful and order-dependent, so this runs sequentially, before the
/// parallel decode. A source that goes idle, and the end of input, first release what its translator held back.
/// Records of sources without a translator, and every other element, pass through unchanged. A checkpoint barrier
/// leaves carrying every translator's state as of the records before it, so a restart resumes translating where the
/// checkpoint's offsets resume reading.
/// </summary>
/// <param name="translatorFor">The translator of a source, created on its first record; null for canonical events.</param>
/// <param name="restored">Per source, the state a restored checkpoint holds (<see cref="CheckpointBarrier.TranslatorStates"/>).</param>
internal sealed class RecordTranslator(Func<int, IEventTranslator?> translatorFor, IReadOnlyDictionary<int, byte[]>? restored = null)
{
    private readonly Dictionary<int, IEventTranslator?> _translators = [];
    private readonly List<byte[]> _translated = [];
    private readonly Dictionary<int, long> _lastPosition = [];

    /// <summary>The elements that replace <paramref name="element"/>, in order.</summary>
    public IEnumerable<StreamElement> Translate(StreamElement element) => element switch
    {
        RecordBatch records => [TranslateRecords(records)],
        SourceChanged { Change: SourceChange.Idle } idle => Released(idle.Source, idle),
        EndOfInput end => ReleasedAll(end),
        CheckpointBarrier barrier => [WithStates(barrier)],
        _ => [element],
    };

    private RecordBatch TranslateRecords(RecordBatch records)
    {
        RecordBatch? translated = null;
        var cursor = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var position = records.Position(i);
            string? rejected = null;
            if (cursor < records.Rejections.Count && records.Rejections[cursor].Index == i)
            {
                rejected = records.Rejections[cursor++].Reason;
            }

            var translator = Translator(position.Source);
            if (translator is null || rejected is not null)
            {
                if (translated is not null)
                {
                    Copy(records, i, rejected, translated);
                }

                continue;
            }

            if (translated is null)
            {
                // The first record to translate: the ones before it are copied as they are.
                translated = new RecordBatch(records.Count * 256, records.Count * 2);
                var before = 0;
                for (var j = 0; j < i; j++)
                {
                    var reason = before < records.Rejections.Count && records.Rejections[before].Index == j ? records.Rejections[before++].Reason : null;
                    Copy(records, j, reason, translated);
                }
            }

            _lastPosition[position.Source] = position.Offset;
            _translated.Clear();
            if (!translator.TryTranslate(records.Value(i), position.Offset, _translated, out var why))
            {
                translated.AddRejected(records.Value(i), position, "untranslatable: " + why, records.Key(i), records.HasKey(i));
                continue;
            }

            // One record becomes zero or more canonical events, each at the record's position.
            foreach (var json in _translated)
            {
                translated.Add(json, position, records.Key(i), records.HasKey(i));
            }
        }

        if (translated is null)
        {
            return records;
        }

        records.Return();
        return translated;
    }

    private static void Copy(RecordBatch from, int index, string? rejected, RecordBatch to)
    {
        if (rejected is null)
        {
            to.Add(from.Value(index), from.Position(index), from.Key(index), from.HasKey(index));
        }
        else
        {
            to.AddRejected(from.Value(index), from.Position(index), rejected, from.Key(index), from.HasKey(index));
        }
    }

    private IEventTranslator? Translator(int source)
    {
        if (!_translators.TryGetValue(source, out var translator))
        {
            translator = translatorFor(source);
            _translators[source] = translator;
            if (translator is not null && restored is not null && restored.TryGetValue(source, out var state))
            {
                Restore(source, translator, state);
            }
        }

        return translator;
    }

    private void Restore(int source, IEventTranslator translator, byte[] state)
    {
        using var input = new MemoryStream(state, writable: false);
        using var reader = new BinaryReader(input);
        try
        {
            _lastPosition[source] = reader.ReadInt64();
            translator.ReadState(input);
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
        {
            // Not a value: translating on without the state would lose what it held (open calls, events held back),
            // silently. The stage fails, the service stops non-zero and says why (docs/OPERATIONS.md "Translator state").
            throw new InvalidDataException(
                $"the checkpoint's translator state of source {source} cannot be read as {translator.Format} ({exception.Message}): " +
                "was the topic's input format changed? Restore the format, or remove the checkpoint to start that topic over");
        }
    }

    private CheckpointBarrier WithStates(CheckpointBarrier barrier)
    {
        if (restored is not null)
        {
            // A restored source that delivered nothing since keeps its state in the next checkpoint too.
            foreach (var source in restored.Keys)
            {
                Translator(source);
            }
        }

        Dictionary<int, byte[]>? states = null;
        foreach (var (source, translator) in _translators)
        {
            if (translator is null)
            {
                continue;
            }

            using var output = new MemoryStream();
            using (var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(_lastPosition.GetValueOrDefault(source));
            }

            translator.WriteState(output);
            (states ??= [])[source] = output.ToArray();
        }

        return states is null ? barrier : barrier.WithTranslatorStates(states);
    }

    private IEnumerable<StreamElement> Released(int source, StreamElement then)
    {
        if (_translators.GetValueOrDefault(source) is { } translator)
        {
            _translated.Clear();
            translator.Complete(_translated);
            if (_translated.Count > 0)
            {
                // METRICS: the released events go first; only then does the source stop holding the watermark.
                var batch = new RecordBatch();
                var position = new SourcePosition(source, _lastPosition.GetValueOrDefault(source));
                foreach (var json in _translated)
                {
                    batch.Add(json, position);
                }

                return [batch, then];
            }
        }

        return [then];
    }

    private IEnumerable<StreamElement> ReleasedAll(EndOfInput end)
    {
        var batch = new RecordBatch();
        foreach (var (source, translator) in _translators)
        {
            _translated.Clear();
            translator?.Complete(_translated);
            foreach (var json in _translated)
            {
                batch.Add(json, new SourcePosition(source, end.Lines));
            }
        }

        if (batch.Count == 0)
        {
            batch.Return();
            return [end];
        }

        return [batch, end];
    }
}
