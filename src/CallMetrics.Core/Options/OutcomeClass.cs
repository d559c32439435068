namespace CallMetrics.Core.Options;

/// <summary>
/// The outcome a disposition (the wrap-up code of <c>wrap.ended</c>) counts as (METRICS.md "Outcomes from
/// dispositions"): at most one class per disposition.
/// </summary>
public enum OutcomeClass : byte
{
    /// <summary>No class: the leg counts as <c>dispositioned</c> when it has a disposition, and in nothing else.</summary>
    None = 0,

    /// <summary><c>resolved</c>: the customer's issue was settled.</summary>
    Resolved,

    /// <summary><c>escalated</c>: handed to a higher tier.</summary>
    Escalated,

    /// <summary><c>sale</c>: the contact ended in a sale.</summary>
    Sale,

    /// <summary><c>complaint</c>: the customer complained.</summary>
    Complaint,
}
