namespace CallMetrics.Core.Contacts;

/// <summary>The <c>fcr_metrics</c> counts of one key in one interval, and the tenant's repeat calls.</summary>
internal struct FcrCounts
{
    /// <summary>Contacts attributed.</summary>
    public int Contacts;

    /// <summary>Of those, resolved.</summary>
    public int Resolved;

    /// <summary>Of those, repeated.</summary>
    public int Repeated;

    /// <summary>Calls starting in the interval that repeat a contact (tenant key only).</summary>
    public int RepeatCalls;
}
