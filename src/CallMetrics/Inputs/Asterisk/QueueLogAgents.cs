using System.Diagnostics.CodeAnalysis;

namespace CallMetrics.Inputs.Asterisk;

/// <summary>
/// The agent state machine of queue_log: logins, queue memberships and pauses per agent, and the canonical login,
/// logout or state change each agent line makes (docs/INPUTS.md, "Agents").
/// </summary>
internal sealed class QueueLogAgents(QueueLogAgentIds ids)
{
    private readonly Dictionary<string, QueueLogAgent> _agents = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="queueLogEvent"/> is an agent event this class handles.</summary>
    public static bool Handles(string queueLogEvent) => queueLogEvent is "AGENTLOGIN" or "AGENTCALLBACKLOGIN" or "AGENTLOGOFF"
        or "AGENTCALLBACKLOGOFF" or "ADDMEMBER" or "REMOVEMEMBER" or "PAUSE" or "UNPAUSE" or "PAUSEALL" or "UNPAUSEALL";

    /// <summary>Applies an agent line (<see cref="Handles"/>); false with a reason when it lacks the agent or a queue it needs.</summary>
    public bool TryApply(QueueLogLine line, out QueueLogAgentChange change, [NotNullWhen(false)] out string? reason)
    {
        change = default;
        var needsQueue = line.Event is "ADDMEMBER" or "REMOVEMEMBER" or "PAUSE" or "UNPAUSE";
        if (needsQueue && QueueLogLine.IsNone(line.Queue))
        {
            reason = $"{line.Event} needs a queue name";
            return false;
        }

        if (!line.TryRequireAgent(out reason))
        {
            return false;
        }

        var id = ids.Of(line.Agent);
        if (!_agents.TryGetValue(id, out var agent))
        {
            agent = new QueueLogAgent();
            _agents.Add(id, agent);
        }

        Apply(line, agent);
        change = Sync(id, agent);
        return true;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(_agents.Count);
        foreach (var (id, agent) in _agents.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.Write(id);
            agent.Write(writer);
        }
    }

    public void Read(BinaryReader reader)
    {
        _agents.Clear();
        var count = TranslatorState.ReadCount(reader);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            if (!_agents.TryAdd(id, QueueLogAgent.Read(reader)))
            {
                throw new InvalidDataException($"translator state holds agent '{id}' twice");
            }
        }
    }

    private static void Apply(QueueLogLine line, QueueLogAgent agent)
    {
        switch (line.Event)
        {
            case "AGENTLOGIN":
            case "AGENTCALLBACKLOGIN":
                agent.AgentLoggedIn = true;
                break;
            case "AGENTLOGOFF":
            case "AGENTCALLBACKLOGOFF":
                agent.AgentLoggedIn = false;
                agent.Queues.Clear();
                agent.PausedQueues.Clear();
                agent.PausedAll = false;
                break;
            case "ADDMEMBER":
                agent.Queues.Add(line.Queue);
                if (string.Equals(line.Data(0), "PAUSED", StringComparison.OrdinalIgnoreCase))
                {
                    agent.PausedQueues.Add(line.Queue);
                    agent.PauseReason = null;
                }

                break;
            case "REMOVEMEMBER":
                agent.Queues.Remove(line.Queue);
                agent.PausedQueues.Remove(line.Queue);
                break;
            case "PAUSE":
                agent.PausedQueues.Add(line.Queue);
                agent.PauseReason = PauseReason(line);
                break;
            case "UNPAUSE":
                agent.PausedQueues.Remove(line.Queue);
                break;
            case "PAUSEALL":
                agent.PausedAll = true;
                agent.PauseReason = PauseReason(line);
                break;
            case "UNPAUSEALL":
                agent.PausedAll = false;
                agent.PausedQueues.Clear();
                break;
            default:
                throw new ArgumentException($"'{line.Event}' is not an agent event", nameof(line));
        }
    }

    private static string? PauseReason(QueueLogLine line)
    {
        var text = line.Data(0).Trim();
        return text.Length == 0 ? null : text.ToLowerInvariant();
    }

    /// <summary>What changed in the agent's derived login and state since it was last sent.</summary>
    private static QueueLogAgentChange Sync(string id, QueueLogAgent agent)
    {
        var loggedIn = agent.IsLoggedIn;
        var notReady = agent.IsNotReady;
        var state = notReady ? "not_ready" : "available";
        var reason = notReady ? agent.PauseReason : null;

        var kind = QueueLogAgentChangeKind.None;
        if (loggedIn && !agent.EmittedLoggedIn)
        {
            kind = QueueLogAgentChangeKind.Login;
        }
        else if (!loggedIn && agent.EmittedLoggedIn)
        {
            kind = QueueLogAgentChangeKind.Logout;
        }
        else if (loggedIn && (!string.Equals(state, agent.EmittedState, StringComparison.Ordinal) || !string.Equals(reason, agent.EmittedReason, StringComparison.Ordinal)))
        {
            kind = QueueLogAgentChangeKind.State;
        }

        agent.EmittedLoggedIn = loggedIn;
        agent.EmittedState = loggedIn ? state : null;
        agent.EmittedReason = loggedIn ? reason : null;
        return new QueueLogAgentChange(kind, id, state, reason);
    }
}
