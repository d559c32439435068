namespace CallMetrics.Core.Live;

/// <summary>A call abandoned in a queue (short abandons included, flagged).</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Call">Call id.</param>
/// <param name="Queue">Queue.</param>
/// <param name="At">When the caller hung up (Unix ns).</param>
/// <param name="WaitNs">How long they waited.</param>
/// <param name="IsShort">True for a short abandon.</param>
public sealed record AbandonView(string Tenant, string Call, string Queue, long At, long WaitNs, bool IsShort);
