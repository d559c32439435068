namespace CallMetrics.Inputs.Asterisk;

/// <summary>The canonical event an agent line becomes, if any: a value the translator turns into JSON.</summary>
internal readonly record struct QueueLogAgentChange(QueueLogAgentChangeKind Kind, string AgentId, string? State, string? Reason);
