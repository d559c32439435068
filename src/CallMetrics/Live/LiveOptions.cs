namespace CallMetrics.Live;

/// <summary>The live view and its stream (section <c>CallMetrics:Live</c>); defaults in <see cref="LiveDefaults"/>.</summary>
public sealed class LiveOptions
{
    /// <summary>Shortest wall time between two rebuilds of a shard's live picture.</summary>
    public TimeSpan PublishInterval { get; set; } = LiveDefaults.PublishInterval;

    /// <summary>Shortest wall time between two events of <c>/api/v1/live/stream</c>.</summary>
    public TimeSpan StreamInterval { get; set; } = LiveDefaults.StreamInterval;

    /// <summary>How often an idle stream sends a comment line.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = LiveDefaults.HeartbeatInterval;

    /// <summary>Abandoned calls kept in the picture.</summary>
    public int RecentAbandons { get; set; } = LiveDefaults.RecentAbandons;

    /// <summary>The problems, each naming its setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PublishInterval < TimeSpan.Zero)
        {
            errors.Add($"{LiveDefaults.SectionName}:PublishInterval must not be negative");
        }

        if (StreamInterval <= TimeSpan.Zero)
        {
            errors.Add($"{LiveDefaults.SectionName}:StreamInterval must be positive");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            errors.Add($"{LiveDefaults.SectionName}:HeartbeatInterval must be positive");
        }

        if (RecentAbandons < 0)
        {
            errors.Add($"{LiveDefaults.SectionName}:RecentAbandons must not be negative");
        }

        return errors;
    }
}
