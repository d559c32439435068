namespace CallMetrics.Inputs.AmazonConnect;

/// <summary>
/// What the translation remembers of one Amazon Connect agent between records: what it last sent for the agent,
/// the contacts in after-contact work, a status held back during ACW, and the last snapshot seen.
/// </summary>
internal sealed class ConnectAgentState
{
    public bool LoggedIn { get; set; }

    public string? EmittedState { get; set; }

    public string? EmittedReason { get; set; }

    /// <summary>A status chosen during ACW, sent when the last contact in ACW is cleared (docs/INPUTS.md, "ACW").</summary>
    public (string State, string? Reason)? Deferred { get; set; }

    public DateTimeOffset? LoggedOutAt { get; set; }

    /// <summary>The latest time of the events translated for the agent so far.</summary>
    public DateTimeOffset? LastAt { get; set; }

    public HashSet<string> InAfterContactWork { get; private init; } = new(StringComparer.Ordinal);

    public AgentSnapshot? Last { get; set; }

    /// <summary>A copy to work on: a record that does not translate leaves the agent as it was.</summary>
    public ConnectAgentState Clone() => new()
    {
        LoggedIn = LoggedIn,
        EmittedState = EmittedState,
        EmittedReason = EmittedReason,
        Deferred = Deferred,
        LoggedOutAt = LoggedOutAt,
        LastAt = LastAt,
        InAfterContactWork = new HashSet<string>(InAfterContactWork, StringComparer.Ordinal),
        Last = Last,
    };

    public void Write(BinaryWriter writer)
    {
        writer.Write(LoggedIn);
        TranslatorState.Write(writer, EmittedState);
        TranslatorState.Write(writer, EmittedReason);
        writer.Write(Deferred.HasValue);
        if (Deferred is { } deferred)
        {
            writer.Write(deferred.State);
            TranslatorState.Write(writer, deferred.Reason);
        }

        TranslatorState.Write(writer, LoggedOutAt);
        TranslatorState.Write(writer, LastAt);
        TranslatorState.Write(writer, InAfterContactWork);
        writer.Write(Last is not null);
        Last?.Write(writer);
    }

    public static ConnectAgentState Read(BinaryReader reader)
    {
        var state = new ConnectAgentState
        {
            LoggedIn = reader.ReadBoolean(),
            EmittedState = TranslatorState.ReadOptionalString(reader),
            EmittedReason = TranslatorState.ReadOptionalString(reader),
        };
        if (reader.ReadBoolean())
        {
            state.Deferred = (reader.ReadString(), TranslatorState.ReadOptionalString(reader));
        }

        state.LoggedOutAt = TranslatorState.ReadOptionalTime(reader);
        state.LastAt = TranslatorState.ReadOptionalTime(reader);
        TranslatorState.ReadInto(reader, state.InAfterContactWork);
        state.Last = reader.ReadBoolean() ? AgentSnapshot.Read(reader) : null;
        return state;
    }
}
