namespace CallMetrics.Inputs.AmazonConnect;

/// <summary>The parts of an Amazon Connect <c>Contact</c> object (in an agent snapshot) the translation needs.</summary>
internal sealed record ContactSnapshot(
    string ContactId,
    string? Channel,
    string? InitiationMethod,
    string State,
    DateTimeOffset? StateStart,
    DateTimeOffset? ConnectedToAgent,
    DateTimeOffset? Queued,
    string? QueueName)
{
    /// <summary>Talking to the agent, on hold or not.</summary>
    public bool IsConnected => State is "CONNECTED" or "CONNECTED_ONHOLD";

    public bool IsVoice => Channel is null or "VOICE";
}
