namespace CallMetrics.Inputs;

/// <summary>How the agent field of an Asterisk queue_log line becomes a canonical <c>agent_id</c>.</summary>
public enum AsteriskAgentNaming
{
    /// <summary>
    /// Default. Drops the channel technology and dial context, so the interface and the agent of one person
    /// agree: <c>SIP/1001</c>, <c>PJSIP/1001</c>, <c>Local/1001@agents/n</c> and <c>Agent/1001</c> all become <c>1001</c>.
    /// A member name without a technology (<c>Alice Smith</c>) is kept as it is.
    /// </summary>
    StripTechnology = 0,

    /// <summary>Keeps the field exactly as Asterisk wrote it.</summary>
    AsWritten = 1,
}
