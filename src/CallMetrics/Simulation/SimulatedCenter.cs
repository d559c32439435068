using System.Globalization;
using CallMetrics.Inputs;

namespace CallMetrics.Simulation;

/// <summary>
/// The layout of the simulated center, fixed for a run: tenants; teams and queues spread over them round-robin, and
/// an escalation queue per tenant; each team's skills (its primary queue, the queues that fall to it, a backup queue,
/// and escalations for the tenant's first team); and the agents, spread over the teams, with their shift start.
/// </summary>
internal sealed class SimulatedCenter
{
    private static readonly string[] TeamNames = ["blue", "green", "red", "orange", "purple", "yellow", "teal", "pink"];
    private static readonly string[] QueueNames = ["sales", "support", "billing", "retention", "tech", "claims", "onboarding", "collections"];

    public SimulatedCenter(SimulationOptions options)
    {
        Tenants = [.. options.Tenants];

        Teams = new SimulatedTeam[options.Teams];
        for (var t = 0; t < Teams.Length; t++)
        {
            Teams[t] = new SimulatedTeam(Name(TeamNames, "team", t), t % Tenants.Length);
        }

        // The regular queues, then one escalation queue per tenant.
        Queues = new SimulatedQueue[options.Queues + Tenants.Length];
        for (var q = 0; q < options.Queues; q++)
        {
            Queues[q] = new SimulatedQueue(QueueName(q), q % Tenants.Length);
        }

        EscalationQueues = new int[Tenants.Length];
        for (var tenant = 0; tenant < Tenants.Length; tenant++)
        {
            EscalationQueues[tenant] = options.Queues + tenant;
            Queues[options.Queues + tenant] = new SimulatedQueue(options.EscalationQueue, tenant);
        }

        TenantQueues = new int[Tenants.Length][];
        for (var tenant = 0; tenant < Tenants.Length; tenant++)
        {
            var tenantTeams = Enumerable.Range(0, Teams.Length).Where(t => Teams[t].Tenant == tenant).ToArray();
            var tenantQueues = Enumerable.Range(0, options.Queues).Where(q => Queues[q].Tenant == tenant).ToArray();
            TenantQueues[tenant] = tenantQueues;
            for (var j = 0; j < tenantTeams.Length; j++)
            {
                Teams[tenantTeams[j]].InboundSkills = Skills(j, tenantTeams.Length, tenantQueues);
                Teams[tenantTeams[j]].Skills = Teams[tenantTeams[j]].InboundSkills;
            }

            // The tenant's first team also takes escalations, after its own queues (a second-level team).
            Teams[tenantTeams[0]].Skills = [.. Teams[tenantTeams[0]].Skills, EscalationQueues[tenant]];
        }

        for (var q = 0; q < Queues.Length; q++)
        {
            Queues[q].ServingTeams = Enumerable.Range(0, Teams.Length).Where(t => Teams[t].Skills.Contains(q)).ToArray();
        }

        Agents = new SimulatedAgent[options.Agents];
        var digits = Math.Max(4, options.Agents.ToString(CultureInfo.InvariantCulture).Length);
        for (var i = 0; i < Agents.Length; i++)
        {
            var id = "agent-" + (i + 1).ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            Agents[i] = new SimulatedAgent(i, id, i % Teams.Length, ShiftPlan.NominalStart(i, Teams.Length));
        }
    }

    public string[] Tenants { get; }

    public SimulatedTeam[] Teams { get; }

    public SimulatedQueue[] Queues { get; }

    /// <summary>The regular queues of each tenant (indices into <see cref="Queues"/>): calls arrive and are transferred there.</summary>
    public int[][] TenantQueues { get; }

    /// <summary>The escalation queue of each tenant (<see cref="SimulationOptions.EscalationQueue"/>), served by its first team.</summary>
    public int[] EscalationQueues { get; }

    public SimulatedAgent[] Agents { get; }

    /// <summary>Calls waiting in all queues right now.</summary>
    public int WaitingCallCount => Queues.Sum(q => q.Count);

    /// <summary>The tenant field of an event: EVENTS.md's absent tenant is <c>default</c>, so it is not written.</summary>
    public string? TenantField(int tenant) =>
        string.Equals(Tenants[tenant], CanonicalNames.DefaultTenant, StringComparison.Ordinal) ? null : Tenants[tenant];

    /// <summary>Primary queue, every queue that falls to this team round-robin, and the next queue as a backup skill.</summary>
    private static int[] Skills(int team, int teams, int[] tenantQueues)
    {
        var primary = team % tenantQueues.Length;
        var skills = new List<int> { tenantQueues[primary] };
        for (var k = 0; k < tenantQueues.Length; k++)
        {
            if (k % teams == team && !skills.Contains(tenantQueues[k]))
            {
                skills.Add(tenantQueues[k]);
            }
        }

        var backup = tenantQueues[(primary + 1) % tenantQueues.Length];
        if (!skills.Contains(backup))
        {
            skills.Add(backup);
        }

        return [.. skills];
    }

    /// <summary>The name of the regular queue with this index: <c>sales</c>, <c>support</c>, ..., then <c>queue-9</c>, ...</summary>
    public static string QueueName(int index) => Name(QueueNames, "queue", index);

    private static string Name(string[] names, string prefix, int index) =>
        index < names.Length ? names[index] : string.Create(CultureInfo.InvariantCulture, $"{prefix}-{index + 1}");
}
