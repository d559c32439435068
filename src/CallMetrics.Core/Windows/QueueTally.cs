using System.Runtime.InteropServices;

namespace CallMetrics.Core.Windows;

/// <summary>The queue fields of METRICS.md accumulated over some span of time (durations in nanoseconds).</summary>
[StructLayout(LayoutKind.Auto)]
public struct QueueTally : ITally<QueueTally>
{
    /// <summary>Queue visits started.</summary>
    public int Offered;

    /// <summary>Visits answered.</summary>
    public int Answered;

    /// <summary>Visits abandoned (not short).</summary>
    public int Abandoned;

    /// <summary>Visits abandoned with a wait shorter than the short-abandon threshold.</summary>
    public int ShortAbandoned;

    /// <summary>Sum of the waits of answered visits.</summary>
    public long AnsweredWaitNs;

    /// <summary>Answered visits whose wait is within the service level threshold.</summary>
    public int AnsweredWithinThreshold;

    /// <summary>Longest wait among visits answered or abandoned (short ones too); valid when <see cref="HasMaxWait"/>.</summary>
    public long MaxWaitNs;

    /// <summary>True when a visit was answered or abandoned in the span.</summary>
    public bool HasMaxWait;

    /// <summary>Legs answered from this queue and completed.</summary>
    public int Handled;

    /// <summary>Sum of the handle time of those legs.</summary>
    public long HandleNs;

    /// <summary>The outcomes of those legs.</summary>
    public OutcomeTally Outcomes;

    /// <summary>The handle times of those legs (for <c>handle_p50_s</c>, <c>handle_p90_s</c>); null when none.</summary>
    public Samples? HandleValues;

    /// <summary>The 90th percentile (nearest rank) of those legs' handle times, in ns; null when none.</summary>
    public readonly long? HandleP90Ns => Samples.Percentile(HandleValues, 90);

    /// <summary>The waits of the answered visits (for <c>wait_p50_s</c>, <c>wait_p90_s</c>); null when none.</summary>
    public Samples? WaitValues;

    /// <summary>True when the span has any count.</summary>
    public readonly bool HasActivity => (Offered | Answered | Abandoned | ShortAbandoned | Handled) != 0 || HasMaxWait;

    /// <summary>Records a wait that ended by answer or abandon for <see cref="MaxWaitNs"/>.</summary>
    public void ObserveWait(long waitNs)
    {
        MaxWaitNs = HasMaxWait ? Math.Max(MaxWaitNs, waitNs) : waitNs;
        HasMaxWait = true;
    }

    /// <inheritdoc/>
    public readonly void Write(Snapshots.SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Int(Offered);
        writer.Int(Answered);
        writer.Int(Abandoned);
        writer.Int(ShortAbandoned);
        writer.Long(AnsweredWaitNs);
        writer.Int(AnsweredWithinThreshold);
        writer.Long(MaxWaitNs);
        writer.Bool(HasMaxWait);
        writer.Int(Handled);
        writer.Long(HandleNs);
        Outcomes.Write(writer);
        Samples.Write(writer, HandleValues);
        Samples.Write(writer, WaitValues);
    }

    /// <inheritdoc/>
    public void Read(Snapshots.SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Offered = reader.Int();
        Answered = reader.Int();
        Abandoned = reader.Int();
        ShortAbandoned = reader.Int();
        AnsweredWaitNs = reader.Long();
        AnsweredWithinThreshold = reader.Int();
        MaxWaitNs = reader.Long();
        HasMaxWait = reader.Bool();
        Handled = reader.Int();
        HandleNs = reader.Long();
        Outcomes.Read(reader);
        HandleValues = reader.Version >= OutcomeTally.FirstVersion ? Samples.Read(reader) : null;
        WaitValues = reader.Version >= OutcomeTally.FirstVersion ? Samples.Read(reader) : null;
    }

    /// <summary>Adds another span's tally to this one.</summary>
    public void Add(in QueueTally other)
    {
        Offered += other.Offered;
        Answered += other.Answered;
        Abandoned += other.Abandoned;
        ShortAbandoned += other.ShortAbandoned;
        AnsweredWaitNs += other.AnsweredWaitNs;
        AnsweredWithinThreshold += other.AnsweredWithinThreshold;
        if (other.HasMaxWait)
        {
            ObserveWait(other.MaxWaitNs);
        }

        Handled += other.Handled;
        HandleNs += other.HandleNs;
        Outcomes.Add(other.Outcomes);
        Samples.AddAll(ref HandleValues, other.HandleValues);
        Samples.AddAll(ref WaitValues, other.WaitValues);
    }

    /// <inheritdoc/>
    public void Clear()
    {
        var handleValues = HandleValues;
        var waitValues = WaitValues;
        Samples.Clear(handleValues);
        Samples.Clear(waitValues);
        this = default;
        HandleValues = handleValues;
        WaitValues = waitValues;
    }

    /// <summary>A copy of this tally whose percentile values are copies lent by <paramref name="arena"/>.</summary>
    public readonly QueueTally WithValuesIn(SamplesArena arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        var copy = this;
        copy.HandleValues = arena.Copy(HandleValues);
        copy.WaitValues = arena.Copy(WaitValues);
        return copy;
    }
}
