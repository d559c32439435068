using System.Runtime.InteropServices;

namespace CallMetrics.Core.Windows;

/// <summary>
/// The agent fields of METRICS.md accumulated over some span of time. Durations are exact integer
/// nanoseconds, so sums never drift; seconds and ratios are computed only when a line is written.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public struct AgentTally : ITally<AgentTally>
{
    /// <summary>Legs completed (wrap ended).</summary>
    public int Handled;

    /// <summary>Sum of the handle time of those legs.</summary>
    public long HandleNs;

    /// <summary>Talk time in the span.</summary>
    public long TalkNs;

    /// <summary>Hold time in the span.</summary>
    public long HoldNs;

    /// <summary>Wrap time in the span.</summary>
    public long WrapNs;

    /// <summary>Busy time (overlapping legs once).</summary>
    public long BusyNs;

    /// <summary>Available time.</summary>
    public long AvailableNs;

    /// <summary>Not-ready time.</summary>
    public long NotReadyNs;

    /// <summary>Legs ended by <c>call.transferred</c>.</summary>
    public int Transfers;

    /// <summary>Surveys received.</summary>
    public int Surveys;

    /// <summary>Sum of survey scores.</summary>
    public long ScoreSum;

    /// <summary>The handled legs' outcomes (counted with <see cref="Handled"/>).</summary>
    public OutcomeTally Outcomes;

    /// <summary>The handle times of the handled legs (for <c>handle_p50_s</c>, <c>handle_p90_s</c>); null when none.</summary>
    public Samples? HandleValues;

    /// <summary>The 90th percentile (nearest rank) of the handled legs' handle times, in ns; null when none: what a live view shows beside AHT.</summary>
    public readonly long? HandleP90Ns => Samples.Percentile(HandleValues, 90);

    /// <summary>Logged-in time: busy + available + not ready.</summary>
    public readonly long LoggedInNs => BusyNs + AvailableNs + NotReadyNs;

    /// <summary>True when the span has any time or any count (METRICS.md: a line is written then).</summary>
    public readonly bool HasActivity =>
        (Handled | Transfers | Surveys) != 0 || (TalkNs | HoldNs | WrapNs | BusyNs | AvailableNs | NotReadyNs) != 0;

    /// <inheritdoc/>
    public readonly void Write(Snapshots.SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Int(Handled);
        writer.Long(HandleNs);
        writer.Long(TalkNs);
        writer.Long(HoldNs);
        writer.Long(WrapNs);
        writer.Long(BusyNs);
        writer.Long(AvailableNs);
        writer.Long(NotReadyNs);
        writer.Int(Transfers);
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
        BusyNs = reader.Long();
        AvailableNs = reader.Long();
        NotReadyNs = reader.Long();
        Transfers = reader.Int();
        Surveys = reader.Int();
        ScoreSum = reader.Long();
        Outcomes.Read(reader);
        HandleValues = reader.Version >= OutcomeTally.FirstVersion ? Samples.Read(reader) : null;
    }

    /// <summary>Adds another span's tally to this one.</summary>
    public void Add(in AgentTally other)
    {
        Handled += other.Handled;
        HandleNs += other.HandleNs;
        TalkNs += other.TalkNs;
        HoldNs += other.HoldNs;
        WrapNs += other.WrapNs;
        BusyNs += other.BusyNs;
        AvailableNs += other.AvailableNs;
        NotReadyNs += other.NotReadyNs;
        Transfers += other.Transfers;
        Surveys += other.Surveys;
        ScoreSum += other.ScoreSum;
        Outcomes.Add(other.Outcomes);
        Samples.AddAll(ref HandleValues, other.HandleValues);
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
    public readonly AgentTally WithValuesIn(SamplesArena arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        var copy = this;
        copy.HandleValues = arena.Copy(HandleValues);
        return copy;
    }
}
