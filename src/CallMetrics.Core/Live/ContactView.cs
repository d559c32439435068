namespace CallMetrics.Core.Live;

/// <summary>
/// First-contact resolution of one key over the intervals since some instant (e.g. today), as it stands now (names
/// resolved): the sums of the <c>fcr_metrics</c> counts of those intervals, and the tenant's repeat calls.
/// </summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Scope"><c>agent</c>, <c>team</c>, <c>queue</c> or <c>tenant</c>.</param>
/// <param name="Key">The agent, team or queue; empty for the tenant scope.</param>
/// <param name="Contacts">Contacts ended in those intervals.</param>
/// <param name="Resolved">Of those, not repeated within the FCR window, the window having passed.</param>
/// <param name="Repeated">Of those, repeated so far.</param>
/// <param name="RepeatCalls">Tenant scope: calls started in those intervals that repeat a contact (0 for other scopes).</param>
public sealed record ContactView(string Tenant, string Scope, string Key, int Contacts, int Resolved, int Repeated, int RepeatCalls)
{
    /// <summary>Contacts neither resolved nor repeated yet.</summary>
    public int Pending => Contacts - Resolved - Repeated;

    /// <summary>METRICS <c>fcr_rate</c>: resolved / contacts, null while any contact is pending (or there are none).</summary>
    public double? FcrRate => Contacts > 0 && Pending == 0 ? (double)Resolved / Contacts : null;

    /// <summary>Repeated / contacts so far: a lower bound of the share that will not be resolved first time; null without contacts.</summary>
    public double? RepeatedSoFar => Contacts > 0 ? (double)Repeated / Contacts : null;
}
