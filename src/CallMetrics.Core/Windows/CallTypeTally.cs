using System.Runtime.InteropServices;

namespace CallMetrics.Core.Windows;

/// <summary>
/// The fields of one <c>call_type_metrics</c> line (METRICS.md "Call types"): the handled legs of calls of one
/// type, each counted whole at its wrap end (talk, hold and wrap are the legs' own, not split at boundaries),
/// and the surveys of those calls.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public struct CallTypeTally : ITally<CallTypeTally>
{
    /// <summary>Legs of calls of this type handled in the span.</summary>
    public int Handled;

    /// <summary>Sum of their handle times.</summary>
    public long HandleNs;

    /// <summary>Sum of their whole talk times.</summary>
    public long TalkNs;

    /// <summary>Sum of their whole hold times.</summary>
    public long HoldNs;

    /// <summary>Sum of their whole wrap times.</summary>
    public long WrapNs;

    /// <summary>Surveys of calls of this type in the span.</summary>
    public int Surveys;

    /// <summary>Sum of their scores.</summary>
    public long ScoreSum;

    /// <summary>The handled legs' outcomes.</summary>
    public OutcomeTally Outcomes;

    /// <summary>The handled legs' handle times, for the percentiles; null when none.</summary>
    public Samples? HandleValues;

    /// <summary>METRICS: a call-type line is written when handled or surveys is non-zero.</summary>
    public readonly bool HasActivity => (Handled | Surveys) != 0;

    /// <inheritdoc/>
    public void Add(in CallTypeTally other)
    {
        Handled += other.Handled;
        HandleNs += other.HandleNs;
        TalkNs += other.TalkNs;
        HoldNs += other.HoldNs;
        WrapNs += other.WrapNs;
        Surveys += other.Surveys;
        ScoreSum += other.ScoreSum;
        Outcomes.Add(other.Outcomes);
        Samples.AddAll(ref HandleValues, other.HandleValues);
    }

    /// <inheritdoc/>
    public readonly void Write(Snapshots.SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Int(Handled);
        writer.Long(HandleNs);
        writer.Long(TalkNs);
        writer.Long(HoldNs);
        writer.Long(WrapNs);
        writer.Int(Surveys);
        writer.Long(ScoreSum);
        Outcomes.Write(writer);
        Samples.Write(writer, HandleValues);
    }

    /// <inheritdoc/>
    public void Read(Snapshots.SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Handled = reader.Int();
        HandleNs = reader.Long();
        TalkNs = reader.Long();
        HoldNs = reader.Long();
        WrapNs = reader.Long();
        Surveys = reader.Int();
        ScoreSum = reader.Long();
        Outcomes.Read(reader);
        HandleValues = Samples.Read(reader);
    }

    /// <inheritdoc/>
    public void Clear()
    {
        var handleValues = HandleValues;
        Samples.Clear(handleValues);
        this = default;
        HandleValues = handleValues;
    }

    /// <summary>A copy of this tally whose percentile values are copies lent by <paramref name="arena"/>.</summary>
    public readonly CallTypeTally WithValuesIn(SamplesArena arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        var copy = this;
        copy.HandleValues = arena.Copy(HandleValues);
        return copy;
    }
}
