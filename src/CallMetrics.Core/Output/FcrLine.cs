using CallMetrics.Core.Contacts;

namespace CallMetrics.Core.Output;

/// <summary>One <c>fcr_metrics</c> line (METRICS.md "Repeat contacts and first-contact resolution").</summary>
/// <param name="Scope">What the key names.</param>
/// <param name="Tenant">Tenant symbol.</param>
/// <param name="Key">Agent, team or queue symbol; 0 for the tenant scope.</param>
/// <param name="Contacts">Contacts attributed to this key and interval.</param>
/// <param name="Resolved">Of those, not repeated within the FCR window, the window having passed.</param>
/// <param name="Repeated">Of those, repeated.</param>
public readonly record struct FcrLine(FcrScope Scope, int Tenant, int Key, int Contacts, int Resolved, int Repeated)
{
    /// <summary>Contacts neither resolved nor repeated yet.</summary>
    public int Pending => Contacts - Resolved - Repeated;
}
