namespace CallMetrics.Core.Live;

/// <summary>A call waiting in a queue now.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Call">Call id.</param>
/// <param name="Queue">Queue.</param>
/// <param name="Since">When the wait started (Unix ns).</param>
public sealed record WaitingCallView(string Tenant, string Call, string Queue, long Since);
