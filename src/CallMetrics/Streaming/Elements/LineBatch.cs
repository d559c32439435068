using System.Text;

namespace CallMetrics.Streaming.Elements;

/// <summary>Formatted output: complete lines of InfluxDB line protocol, each ending in '\n'.</summary>
/// <param name="text">The lines.</param>
/// <param name="lines">How many.</param>
internal sealed class LineBatch(StringBuilder text, int lines) : StreamElement
{
    /// <summary>The lines.</summary>
    public StringBuilder Text { get; } = text;

    /// <summary>How many lines <see cref="Text"/> holds.</summary>
    public int Lines { get; } = lines;
}
