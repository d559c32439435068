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

    public void Write(BinaryWriter writer)
    {
        writer.Write(ContactId);
        TranslatorState.Write(writer, Channel);
        TranslatorState.Write(writer, InitiationMethod);
        writer.Write(State);
        TranslatorState.Write(writer, StateStart);
        TranslatorState.Write(writer, ConnectedToAgent);
        TranslatorState.Write(writer, Queued);
        TranslatorState.Write(writer, QueueName);
    }

    public static ContactSnapshot Read(BinaryReader reader) => new(
        reader.ReadString(),
        TranslatorState.ReadOptionalString(reader),
        TranslatorState.ReadOptionalString(reader),
        reader.ReadString(),
        TranslatorState.ReadOptionalTime(reader),
        TranslatorState.ReadOptionalTime(reader),
        TranslatorState.ReadOptionalTime(reader),
        TranslatorState.ReadOptionalString(reader));
}
