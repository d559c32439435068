using System.Collections.Concurrent;
using System.Text;
using CallMetrics.Core.Events;
using CallMetrics.Core.Output;
using CallMetrics.Streaming.Elements;

namespace CallMetrics.Streaming.Stages;

/// <summary>
/// The format step: window copies become line protocol, off the engines' threads, group by group (the formatter
/// sorts the lines of one group). Every other element passes through.
/// </summary>
internal sealed class WindowFormatter(SymbolTable symbols, IReadOnlySet<string>? omitFields, WindowPool pool)
{
    private readonly LineProtocolFormatter _formatter = new(symbols, omitFields);
    private readonly List<WindowResult> _group = [];
    private readonly ConcurrentQueue<StringBuilder> _texts = new();

    /// <summary>Formats a window batch; passes every other element through.</summary>
    public StreamElement Format(StreamElement element)
    {
        if (element is not WindowBatch batch)
        {
            return element;
        }

        var text = _texts.TryDequeue(out var reused) ? reused : new StringBuilder(1 << 16);
        var lines = 0;
        var start = 0;
        foreach (var end in batch.GroupEnds)
        {
            _group.Clear();
            for (var i = start; i < end; i++)
            {
                _group.Add(batch.Windows[i]);
            }

            lines += _formatter.Format(_group, text);
            start = end;
        }

        _group.Clear();
        pool.Return(batch.Windows);
        return new LineBatch(text, lines);
    }

    /// <summary>Takes back the text of a written line batch, for reuse.</summary>
    public void Return(LineBatch written)
    {
        written.Text.Clear();
        _texts.Enqueue(written.Text);
    }
}
