namespace CallMetrics.Inputs;

/// <summary>
/// Settings of the input translators. Every property has a documented default (the <c>Default*</c> constants);
/// call <see cref="TryValidate"/> at start-up.
/// </summary>
public sealed class TranslatorOptions
{
    /// <summary>Default <see cref="Tenant"/>: <c>default</c>, as in EVENTS.md.</summary>
    public const string DefaultTenant = "default";

    /// <summary>Default <see cref="DefaultWrapUp"/>: zero, as Asterisk's own <c>wrapuptime</c> default.</summary>
    public static readonly TimeSpan DefaultDefaultWrapUp = TimeSpan.Zero;

    /// <summary>Default <see cref="AsteriskReorderWindow"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultAsteriskReorderWindow = TimeSpan.FromSeconds(10);

    /// <summary>Default <see cref="AmazonConnectHoldBack"/>: 10 min.</summary>
    public static readonly TimeSpan DefaultAmazonConnectHoldBack = TimeSpan.FromMinutes(10);

    /// <summary>Tenant written on every event. Default <see cref="DefaultTenant"/>.</summary>
    public string Tenant { get; set; } = DefaultTenant;

    /// <summary>
    /// Asterisk: <c>wrapuptime</c> per queue name (queues.conf). queue_log has no wrap end, so each COMPLETE* and
    /// transfer schedules <c>wrap.ended</c> this long after it. Queues not listed use <see cref="DefaultWrapUp"/>.
    /// </summary>
    public Dictionary<string, TimeSpan> QueueWrapUp { get; } = new(StringComparer.Ordinal);

    /// <summary>Asterisk: <c>wrapuptime</c> of queues not in <see cref="QueueWrapUp"/>. Default zero (no wrap).</summary>
    public TimeSpan DefaultWrapUp { get; set; } = DefaultDefaultWrapUp;

    /// <summary>Asterisk: how the agent field becomes an <c>agent_id</c>. Default <see cref="AsteriskAgentNaming.StripTechnology"/>.</summary>
    public AsteriskAgentNaming AsteriskAgentNaming { get; set; } = AsteriskAgentNaming.StripTechnology;

    /// <summary>
    /// Asterisk: explicit agent ids, looked up first by the field as written, then by its normalised form
    /// (for example <c>Alice Smith</c> to <c>1001</c>). Empty by default.
    /// </summary>
    public Dictionary<string, string> AsteriskAgentAliases { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Asterisk: how far out of time order queue_log lines may be written. Output is held back this long and sorted;
    /// a line older than that is dead-lettered. Default <see cref="DefaultAsteriskReorderWindow"/>.
    /// </summary>
    public TimeSpan AsteriskReorderWindow { get; set; } = DefaultAsteriskReorderWindow;

    /// <summary>
    /// Amazon Connect: how long output is held back so that events dated in the past by the snapshot
    /// (the queue visit at <c>QueueTimestamp</c>) can still be placed in time order. A queue wait longer than this
    /// loses its queue visit. Default <see cref="DefaultAmazonConnectHoldBack"/>.
    /// </summary>
    public TimeSpan AmazonConnectHoldBack { get; set; } = DefaultAmazonConnectHoldBack;

    /// <summary>Amazon Connect: when after-contact work ends. Default <see cref="AmazonConnectAcwEnd.ContactCleared"/>.</summary>
    public AmazonConnectAcwEnd AmazonConnectAcwEnd { get; set; } = AmazonConnectAcwEnd.ContactCleared;

    /// <summary>
    /// Amazon Connect: the agent hierarchy level (1-5) whose group name is the canonical <c>team</c>;
    /// <see langword="null"/> (default) takes the deepest level the agent has.
    /// </summary>
    public int? AmazonConnectTeamLevel { get; set; }

    /// <summary>Checks the settings; returns <see langword="false"/> and a one-line reason when they are unusable.</summary>
    public bool TryValidate(out string? error)
    {
        if (string.IsNullOrWhiteSpace(Tenant))
        {
            error = "tenant must not be empty";
            return false;
        }

        if (DefaultWrapUp < TimeSpan.Zero)
        {
            error = "default wrap-up must not be negative";
            return false;
        }

        foreach (var (queue, wrapUp) in QueueWrapUp)
        {
            if (wrapUp < TimeSpan.Zero)
            {
                error = $"wrap-up of queue '{queue}' must not be negative";
                return false;
            }
        }

        if (AsteriskReorderWindow < TimeSpan.Zero || AmazonConnectHoldBack < TimeSpan.Zero)
        {
            error = "reorder window and hold-back must not be negative";
            return false;
        }

        if (AmazonConnectTeamLevel is < 1 or > 5)
        {
            error = "Amazon Connect team level must be 1 to 5";
            return false;
        }

        if (!Enum.IsDefined(AsteriskAgentNaming) || !Enum.IsDefined(AmazonConnectAcwEnd))
        {
            error = "unknown agent naming or ACW end";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The wrap-up of <paramref name="queue"/>: its own, else <see cref="DefaultWrapUp"/>.</summary>
    public TimeSpan WrapUpFor(string queue) => QueueWrapUp.TryGetValue(queue, out var wrapUp) ? wrapUp : DefaultWrapUp;
}
