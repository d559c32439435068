using CallMetrics.Simulation;

namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>The result of translating one Anonymous Bank CSV file.</summary>
public sealed class AnonymousBankTranslation
{
    internal AnonymousBankTranslation(int rows, int translatedRows, IReadOnlyList<SimulatedEvent> events, IReadOnlyList<AnonymousBankRejection> rejections)
    {
        Rows = rows;
        TranslatedRows = translatedRows;
        Events = events;
        Rejections = rejections;
    }

    /// <summary>Data rows read (header and blank lines excluded); always <see cref="TranslatedRows"/> + rejected rows.</summary>
    public int Rows { get; }

    /// <summary>Rows that became events.</summary>
    public int TranslatedRows { get; }

    /// <summary>The canonical events, sorted by time (stable: equal times keep a causal order).</summary>
    public IReadOnlyList<SimulatedEvent> Events { get; }

    /// <summary>Rows not translated, in file order, each with its line number and reason.</summary>
    public IReadOnlyList<AnonymousBankRejection> Rejections { get; }
}
