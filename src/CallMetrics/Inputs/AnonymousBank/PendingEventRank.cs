namespace CallMetrics.Inputs.AnonymousBank;

/// <summary>Order among events of the same second: logins, then ends, then starts and the rest, then logouts.</summary>
internal static class PendingEventRank
{
    public const int Login = 0;
    public const int Closing = 1;
    public const int Call = 2;
    public const int Logout = 3;
}
