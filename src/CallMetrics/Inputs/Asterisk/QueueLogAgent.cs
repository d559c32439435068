namespace CallMetrics.Inputs.Asterisk;

/// <summary>
/// An agent as queue_log shows it: logged in as an agent and/or a member of queues, paused per queue or everywhere.
/// The canonical login and state are derived from that (docs/INPUTS.md, "Agents"); the <c>Emitted*</c> properties
/// remember what was last sent, so only changes are sent.
/// </summary>
internal sealed class QueueLogAgent
{
    public bool AgentLoggedIn { get; set; }

    public HashSet<string> Queues { get; } = new(StringComparer.Ordinal);

    public HashSet<string> PausedQueues { get; } = new(StringComparer.Ordinal);

    public bool PausedAll { get; set; }

    public string? PauseReason { get; set; }

    public bool EmittedLoggedIn { get; set; }

    public string? EmittedState { get; set; }

    public string? EmittedReason { get; set; }

    /// <summary>Logged in while logged in as an agent or a member of at least one queue.</summary>
    public bool IsLoggedIn => AgentLoggedIn || Queues.Count > 0;

    /// <summary>Not ready when paused everywhere: PAUSEALL, or paused in every queue it is a member of.</summary>
    public bool IsNotReady => PausedAll
        || (PausedQueues.Count > 0 && (Queues.Count == 0 || Queues.IsSubsetOf(PausedQueues)));

    public void Write(BinaryWriter writer)
    {
        writer.Write(AgentLoggedIn);
        TranslatorState.Write(writer, Queues);
        TranslatorState.Write(writer, PausedQueues);
        writer.Write(PausedAll);
        TranslatorState.Write(writer, PauseReason);
        writer.Write(EmittedLoggedIn);
        TranslatorState.Write(writer, EmittedState);
        TranslatorState.Write(writer, EmittedReason);
    }

    public static QueueLogAgent Read(BinaryReader reader)
    {
        var agent = new QueueLogAgent { AgentLoggedIn = reader.ReadBoolean() };
        TranslatorState.ReadInto(reader, agent.Queues);
        TranslatorState.ReadInto(reader, agent.PausedQueues);
        agent.PausedAll = reader.ReadBoolean();
        agent.PauseReason = TranslatorState.ReadOptionalString(reader);
        agent.EmittedLoggedIn = reader.ReadBoolean();
        agent.EmittedState = TranslatorState.ReadOptionalString(reader);
        agent.EmittedReason = TranslatorState.ReadOptionalString(reader);
        return agent;
    }
}
