using CallMetrics.Core.Output;

namespace CallMetrics.Streaming.Elements;

/// <summary>
/// Windows an engine closed (or wrote early), copied out of the engine so that they are formatted on another thread:
/// in groups, one per hand-over of the engine (the windows that end at one instant), because the formatter sorts the
/// lines of one group together.
/// </summary>
internal sealed class WindowBatch : StreamElement
{
    /// <summary>The windows, group after group.</summary>
    public List<WindowResult> Windows { get; } = [];

    /// <summary>The end (exclusive index into <see cref="Windows"/>) of each group.</summary>
    public List<int> GroupEnds { get; } = [];

    /// <summary>Lines in all the windows.</summary>
    public int LineCount => Windows.Sum(w => w.LineCount);
}
