using System.Runtime.InteropServices;
using CallMetrics.Core.Windows;

namespace CallMetrics.Core.Output;

/// <summary>
/// Every line of one window: its agent and queue lines and their team and tenant roll-ups. Owned by
/// the engine and reused: a sink must copy what it keeps beyond the call that hands it over (<see cref="CopyTo"/>,
/// or a tally's <c>Add</c> into its own), since the percentile values of its lines are lent by <see cref="Values"/>
/// and taken back when the result is reset for its next window.
/// </summary>
public sealed class WindowResult
{
    // Roll-up scratch, cleared per window (a cleared Dictionary enumerates in insertion order again).
    private readonly Dictionary<(int Tenant, int Team), AgentTally> _teams = [];
    private readonly Dictionary<int, (AgentTally Agents, QueueTally Queues, TenantTally Counts)> _tenants = [];

    /// <summary>The percentile values of this result's lines, valid until its next window.</summary>
    internal SamplesArena Values { get; } = new();

    /// <summary>The window family.</summary>
    public WindowSpec Spec { get; internal set; } = null!;

    /// <summary>The end of the window (exclusive), Unix nanoseconds.</summary>
    public long End { get; internal set; }

    /// <summary>The line timestamp: interval start, or rolling evaluation instant.</summary>
    public long Timestamp => Spec.LineTimestamp(End);

    /// <summary>False when the window may still change (written early by a live service).</summary>
    public bool IsFinal { get; internal set; }

    /// <summary>Agent lines.</summary>
    public List<AgentLine> Agents { get; } = [];

    /// <summary>Queue lines.</summary>
    public List<QueueLine> Queues { get; } = [];

    /// <summary>Team roll-ups.</summary>
    public List<TeamLine> Teams { get; } = [];

    /// <summary>Tenant roll-ups.</summary>
    public List<TenantLine> Tenants { get; } = [];

    /// <summary><c>queue_state</c> lines (rolling windows only: the state at the instant).</summary>
    public List<QueueStateLine> QueueStates { get; } = [];

    /// <summary><c>team_state</c> lines (rolling windows only).</summary>
    public List<TeamStateLine> TeamStates { get; } = [];

    /// <summary><c>tenant_state</c> lines (rolling windows only).</summary>
    public List<TenantStateLine> TenantStates { get; } = [];

    /// <summary><c>call_type_metrics</c> lines.</summary>
    public List<CallTypeLine> CallTypes { get; } = [];

    /// <summary><c>fcr_metrics</c> lines (interval results only; in replay all come at the end of input).</summary>
    public List<FcrLine> Fcr { get; } = [];

    /// <summary>The tenant counts of no agent and no queue (<c>repeat_calls</c>), rolled into <see cref="Tenants"/>.</summary>
    public List<(int Tenant, TenantTally Tally)> TenantCounts { get; } = [];

    /// <summary>Number of lines.</summary>
    public int LineCount => Agents.Count + Queues.Count + Teams.Count + Tenants.Count + CallTypes.Count + Fcr.Count
        + QueueStates.Count + TeamStates.Count + TenantStates.Count;

    /// <summary>True when the window has lines, or tenant counts that make a tenant line.</summary>
    internal bool HasAny => LineCount > 0 || TenantCounts.Count > 0;

    /// <summary>
    /// Copies this window's lines into <paramref name="target"/> (whose lists keep their capacity), so that a
    /// sink can keep the window past the call that hands it over, e.g. to format it on another thread.
    /// </summary>
    public void CopyTo(WindowResult target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Reset(Spec, End, IsFinal);

        // The lines' percentile values are copied into the target's own arena: this result lends its values again
        // at its next window, possibly while the copy is being formatted on another thread.
        var values = target.Values;
        foreach (ref readonly var line in CollectionsMarshal.AsSpan(Agents))
        {
            target.Agents.Add(line with { Tally = line.Tally.WithValuesIn(values) });
        }

        foreach (ref readonly var line in CollectionsMarshal.AsSpan(Queues))
        {
            target.Queues.Add(line with { Tally = line.Tally.WithValuesIn(values) });
        }

        foreach (ref readonly var line in CollectionsMarshal.AsSpan(Teams))
        {
            target.Teams.Add(line with { Tally = line.Tally.WithValuesIn(values) });
        }

        foreach (ref readonly var line in CollectionsMarshal.AsSpan(Tenants))
        {
            target.Tenants.Add(line with { Agents = line.Agents.WithValuesIn(values), Queues = line.Queues.WithValuesIn(values) });
        }

        foreach (ref readonly var line in CollectionsMarshal.AsSpan(CallTypes))
        {
            target.CallTypes.Add(line with { Tally = line.Tally.WithValuesIn(values) });
        }

        target.QueueStates.AddRange(QueueStates);
        target.TeamStates.AddRange(TeamStates);
        target.TenantStates.AddRange(TenantStates);
        target.Fcr.AddRange(Fcr);
        target.TenantCounts.AddRange(TenantCounts);
    }

    internal void Reset(WindowSpec spec, long end, bool isFinal)
    {
        Spec = spec;
        End = end;
        IsFinal = isFinal;
        Values.Reset();
        Agents.Clear();
        Queues.Clear();
        Teams.Clear();
        Tenants.Clear();
        QueueStates.Clear();
        TeamStates.Clear();
        TenantStates.Clear();
        CallTypes.Clear();
        Fcr.Clear();
        TenantCounts.Clear();
    }

    /// <summary>Computes the team and tenant lines from the agent and queue lines (METRICS.md roll-ups).</summary>
    internal void RollUp()
    {
        Teams.Clear();
        Tenants.Clear();
        var teams = _teams;
        var tenants = _tenants;
        teams.Clear();
        tenants.Clear();
        foreach (ref readonly var line in CollectionsMarshal.AsSpan(Agents))
        {
            if (line.Team != 0)
            {
                ref var team = ref CollectionsMarshal.GetValueRefOrAddDefault(teams, (line.Tenant, line.Team), out var known);
                if (!known)
                {
                    // METRICS: a pooled line's percentiles are of the union of its members' values, gathered here.
                    team.HandleValues = Values.Rent();
                }

                team.Add(line.Tally);
            }

            Tenant(line.Tenant).Agents.Add(line.Tally);
        }

        foreach (ref readonly var line in CollectionsMarshal.AsSpan(Queues))
        {
            Tenant(line.Tenant).Queues.Add(line.Tally);
        }

        foreach (var (tenant, counts) in TenantCounts)
        {
            Tenant(tenant).Counts.Add(counts);
        }

        foreach (var (key, tally) in teams)
        {
            Teams.Add(new TeamLine(key.Tenant, key.Team, tally));
        }

        foreach (var (key, tally) in tenants)
        {
            Tenants.Add(new TenantLine(key, tally.Agents, tally.Queues) { Counts = tally.Counts });
        }
    }

    private ref (AgentTally Agents, QueueTally Queues, TenantTally Counts) Tenant(int tenant)
    {
        ref var sums = ref CollectionsMarshal.GetValueRefOrAddDefault(_tenants, tenant, out var known);
        if (!known)
        {
            sums.Agents.HandleValues = Values.Rent();
            sums.Queues.HandleValues = Values.Rent();
            sums.Queues.WaitValues = Values.Rent();
        }

        return ref sums;
    }
}
