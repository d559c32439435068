namespace CallMetrics.Live;

/// <summary>Defaults of <see cref="LiveOptions"/> and <see cref="WallboardOptions"/>, in one place.</summary>
public static class LiveDefaults
{
    /// <summary>Configuration section of the live view and its stream.</summary>
    public const string SectionName = "CallMetrics:Live";

    /// <summary>Configuration section of the wallboard page.</summary>
    public const string WallboardSectionName = "CallMetrics:Wallboard";

    /// <summary>Abandoned calls kept in the live picture: 50.</summary>
    public const int RecentAbandons = 50;

    /// <summary>Shortest wall time between two rebuilds of a shard's live picture: 250 ms.</summary>
    public static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Shortest wall time between two events of the live stream: 1 s.</summary>
    public static readonly TimeSpan StreamInterval = TimeSpan.FromSeconds(1);

    /// <summary>A comment line on an idle stream this often, so proxies and the page know it is alive: 15 s.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>Pictures queued per stream client before the oldest is dropped: 2.</summary>
    public const int StreamClientQueue = 2;

    /// <summary>Event time of rolling figures kept for the wallboard's sparklines (<c>/api/v1/live/history</c>): 1 h.</summary>
    public static readonly TimeSpan HistorySpan = TimeSpan.FromHours(1);

    /// <summary>Longest history kept: a day (1,440 points per queue and team at a 1 min step).</summary>
    public static readonly TimeSpan MaxHistorySpan = TimeSpan.FromDays(1);

    /// <summary>A wallboard section with more tiles than fit turns to its next page this often: 10 s.</summary>
    public static readonly TimeSpan RotateEvery = TimeSpan.FromSeconds(10);

    /// <summary>The wallboard shows "stream stopped" when no new data came for this long: 30 s.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);
}
