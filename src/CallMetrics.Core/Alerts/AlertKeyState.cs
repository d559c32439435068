namespace CallMetrics.Core.Alerts;

/// <summary>One rule's state for one key (tag set): whether it fires, since when the condition holds, when it last fired.</summary>
internal sealed class AlertKeyState(int rule, IReadOnlyList<KeyValuePair<string, string>> tags)
{
    /// <summary>No instant.</summary>
    public const long Never = long.MinValue;

    /// <summary>The rule's index.</summary>
    public int Rule { get; } = rule;

    /// <summary>The key's tags.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; } = tags;

    /// <summary>Firing now.</summary>
    public bool Firing { get; set; }

    /// <summary>The last instant it fired; <see cref="Never"/>.</summary>
    public long FiredAt { get; set; } = Never;

    /// <summary>The first instant of the current run of instants at which the condition held; <see cref="Never"/> when it does not hold.</summary>
    public long HeldSince { get; set; } = Never;

    /// <summary>The last instant at which the condition held; <see cref="Never"/>.</summary>
    public long LastHeld { get; set; } = Never;

    /// <summary>The field's value at the last instant the key had a line with it.</summary>
    public string? Value { get; set; }

    // Scratch of one evaluation: the instant the key was seen at, and what it showed.
    public long SeenAt { get; set; } = Never;

    public bool SeenHolds { get; set; }

    public string? SeenValue { get; set; }
}
