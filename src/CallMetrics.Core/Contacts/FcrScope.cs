namespace CallMetrics.Core.Contacts;

/// <summary>The <c>scope</c> tag of an <c>fcr_metrics</c> line: what its key tag names.</summary>
public enum FcrScope : byte
{
    /// <summary>The contact's last answered agent.</summary>
    Agent,

    /// <summary>That agent's team at the contact's end.</summary>
    Team,

    /// <summary>The queue that agent's leg counts for.</summary>
    Queue,

    /// <summary>The tenant (no key tag).</summary>
    Tenant,
}
