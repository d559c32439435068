using System.Runtime.InteropServices;
using CallMetrics.Core.Options;

namespace CallMetrics.Core.Windows;

/// <summary>
/// The outcome counts of METRICS.md "Outcomes from dispositions" over some span: handled legs with a disposition,
/// and handled legs by outcome class. Part of the agent, queue and call-type tallies.
/// </summary>
[StructLayout(LayoutKind.Auto)]
public struct OutcomeTally
{
    /// <summary>Handled legs whose <c>wrap.ended</c> carried a disposition.</summary>
    public int Dispositioned;

    /// <summary>Handled legs whose outcome is <c>resolved</c>.</summary>
    public int Resolved;

    /// <summary>Handled legs whose outcome is <c>escalated</c>, by disposition or by a transfer to an escalation queue (once).</summary>
    public int Escalated;

    /// <summary>Handled legs whose outcome is <c>sale</c>.</summary>
    public int Sales;

    /// <summary>Handled legs whose outcome is <c>complaint</c>.</summary>
    public int Complaints;

    /// <summary>METRICS <c>resolution_rate</c>: resolved / dispositioned; null when nothing was dispositioned.</summary>
    public readonly double? ResolutionRate => Dispositioned > 0 ? (double)Resolved / Dispositioned : null;

    /// <summary>Counts one handled leg: its disposition's class, whether it had one, and whether it was escalated by queue.</summary>
    public void Count(OutcomeClass outcome, bool dispositioned, bool escalatedByQueue)
    {
        Dispositioned += dispositioned ? 1 : 0;
        switch (outcome)
        {
            case OutcomeClass.Resolved: Resolved++; break;
            case OutcomeClass.Sale: Sales++; break;
            case OutcomeClass.Complaint: Complaints++; break;
            default: break;
        }

        // METRICS: escalated by disposition or by escalation queue, once.
        Escalated += outcome == OutcomeClass.Escalated || escalatedByQueue ? 1 : 0;
    }

    /// <summary>Adds another span's counts.</summary>
    public void Add(in OutcomeTally other)
    {
        Dispositioned += other.Dispositioned;
        Resolved += other.Resolved;
        Escalated += other.Escalated;
        Sales += other.Sales;
        Complaints += other.Complaints;
    }

    /// <summary>Writes the counts to a snapshot.</summary>
    public readonly void Write(Snapshots.SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Int(Dispositioned);
        writer.Int(Resolved);
        writer.Int(Escalated);
        writer.Int(Sales);
        writer.Int(Complaints);
    }

    /// <summary>Reads the counts from a snapshot; a snapshot from before outcomes (format 4 and older) has none.</summary>
    public void Read(Snapshots.SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.Version < FirstVersion)
        {
            this = default;
            return;
        }

        Dispositioned = reader.Int();
        Resolved = reader.Int();
        Escalated = reader.Int();
        Sales = reader.Int();
        Complaints = reader.Int();
    }

    /// <summary>The engine snapshot format that first holds outcome counts.</summary>
    internal const int FirstVersion = 7;
}
