namespace CallMetrics.Core.Events;

/// <summary>The state an agent chooses (<c>state</c> of <c>agent.login</c> and <c>agent.state</c>).</summary>
public enum AgentChosenState : byte
{
    /// <summary>Ready to take calls.</summary>
    Available = 0,

    /// <summary>Not ready: break, lunch, training, ...</summary>
    NotReady = 1,
}
