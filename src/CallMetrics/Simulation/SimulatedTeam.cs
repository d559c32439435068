namespace CallMetrics.Simulation;

/// <summary>A team: its tenant, the queues it has skills for, and its idle agents, longest idle first.</summary>
internal sealed class SimulatedTeam(string name, int tenant)
{
    public string Name { get; } = name;

    public int Tenant { get; } = tenant;

    /// <summary>Queue indices this team serves; the first is its primary queue.</summary>
    public int[] Skills { get; set; } = [];

    /// <summary>The regular queues among <see cref="Skills"/> (no escalation queue): where calls to this team arrive.</summary>
    public int[] InboundSkills { get; set; } = [];

    public SimulatedAgent? IdleHead { get; private set; }

    private SimulatedAgent? _idleTail;

    /// <summary>Appends an agent who just became available; the list stays ordered by idle time because time never goes back.</summary>
    public void AddIdle(SimulatedAgent agent)
    {
        agent.IdlePrevious = _idleTail;
        agent.IdleNext = null;
        if (_idleTail is null)
        {
            IdleHead = agent;
        }
        else
        {
            _idleTail.IdleNext = agent;
        }

        _idleTail = agent;
        agent.IsIdleListed = true;
    }

    public void RemoveIdle(SimulatedAgent agent)
    {
        if (!agent.IsIdleListed)
        {
            return;
        }

        if (agent.IdlePrevious is null)
        {
            IdleHead = agent.IdleNext;
        }
        else
        {
            agent.IdlePrevious.IdleNext = agent.IdleNext;
        }

        if (agent.IdleNext is null)
        {
            _idleTail = agent.IdlePrevious;
        }
        else
        {
            agent.IdleNext.IdlePrevious = agent.IdlePrevious;
        }

        agent.IdlePrevious = null;
        agent.IdleNext = null;
        agent.IsIdleListed = false;
    }
}
