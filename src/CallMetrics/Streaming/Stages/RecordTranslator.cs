using CallMetrics.Inputs;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The translation step: records of a vendor format (Asterisk queue_log, Amazon Connect) become canonical events,
/// one translator per source. Translators are stateful and order-dependent, so this runs sequentially, before the
/// parallel decode. A source that goes idle, and the end of input, first release what its translator held back.
/// Records of sources without a translator, and every other element, pass through unchanged.
/// </summary>
/// <param name="translatorFor">The translator of a source, created on its first record; null for canonical events.</param>
internal sealed class RecordTranslator(Func<int, IEventTranslator?> translatorFor)
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
        }

        return translator;
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
