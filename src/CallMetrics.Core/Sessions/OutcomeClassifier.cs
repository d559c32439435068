using CallMetrics.Core.Events;
using CallMetrics.Core.Options;

namespace CallMetrics.Core.Sessions;

/// <summary>
/// The outcome class of a disposition and whether a queue is an escalation queue (METRICS.md "Outcomes from
/// dispositions"), by symbol. Each symbol's name is looked up once in the symbol table and the answer cached by
/// symbol number, so a <c>wrap.ended</c> costs an array read. Dispositions and queues are names the engine never
/// releases, so a cached symbol keeps its name.
/// </summary>
internal sealed class OutcomeClassifier
{
    private const byte Unknown = 0xFF;
    private const byte EscalationQueue = 1;
    private const byte OtherQueue = 2;

    private readonly SymbolTable? _names;
    private readonly IReadOnlyDictionary<string, OutcomeClass> _map;
    private readonly HashSet<string> _escalationQueues;
    private byte[] _outcomes = [];
    private byte[] _queues = [];

    /// <summary>Creates the classifier of <paramref name="options"/>; without <paramref name="names"/> every disposition has no class.</summary>
    public OutcomeClassifier(MetricsOptions options, SymbolTable? names)
    {
        _names = names;
        _map = options.OutcomeMap ?? OutcomeMapJson.ClassNames;
        _escalationQueues = new HashSet<string>(options.EscalationQueues, StringComparer.Ordinal);
    }

    /// <summary>The class of disposition <paramref name="disposition"/> (0 for none: no class).</summary>
    public OutcomeClass Classify(int disposition)
    {
        if (disposition <= 0 || _names is null)
        {
            return OutcomeClass.None;
        }

        var cached = Cached(ref _outcomes, disposition);
        if (cached == Unknown)
        {
            cached = (byte)_map.GetValueOrDefault(_names[disposition], OutcomeClass.None);
            _outcomes[disposition] = cached;
        }

        return (OutcomeClass)cached;
    }

    /// <summary>True when <paramref name="queue"/> is one of the escalation queues.</summary>
    public bool IsEscalationQueue(int queue)
    {
        if (queue <= 0 || _names is null || _escalationQueues.Count == 0)
        {
            return false;
        }

        var cached = Cached(ref _queues, queue);
        if (cached == Unknown)
        {
            cached = _escalationQueues.Contains(_names[queue]) ? EscalationQueue : OtherQueue;
            _queues[queue] = cached;
        }

        return cached == EscalationQueue;
    }

    private static byte Cached(ref byte[] cache, int symbol)
    {
        if (symbol >= cache.Length)
        {
            var old = cache.Length;
            Array.Resize(ref cache, Math.Max(symbol + 1, old * 2));
            cache.AsSpan(old).Fill(Unknown);
        }

        return cache[symbol];
    }
}
