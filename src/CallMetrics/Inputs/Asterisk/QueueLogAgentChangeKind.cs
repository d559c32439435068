namespace CallMetrics.Inputs.Asterisk;

/// <summary>What an agent line changed in the canonical view of the agent.</summary>
internal enum QueueLogAgentChangeKind
{
    /// <summary>Nothing to send (for example a PAUSE in one queue of several).</summary>
    None,

    /// <summary><c>agent.login</c> with <see cref="QueueLogAgentChange.State"/> and reason.</summary>
    Login,

    /// <summary><c>agent.logout</c>.</summary>
    Logout,

    /// <summary><c>agent.state</c> with <see cref="QueueLogAgentChange.State"/> and reason.</summary>
    State,
}
