namespace CallMetrics.Core.Sessions;

/// <summary>A session keyed by (tenant, symbol), stored in a <see cref="SessionMap{T}"/>.</summary>
internal abstract class KeyedSession
{
    /// <summary>Tenant symbol.</summary>
    public int Tenant;

    /// <summary>Position in the map's iteration order; -1 when not in a map.</summary>
    public int MapIndex = -1;
}
