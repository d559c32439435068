namespace CallMetrics.Tests.Influx;

/// <summary>What <see cref="ScriptedInfluxServer"/> answers.</summary>
internal sealed record ScriptedAnswer(int Status, string? Body = null, IReadOnlyList<(string Name, string Value)>? Headers = null)
{
    public static ScriptedAnswer NoContent { get; } = new(204);
}
