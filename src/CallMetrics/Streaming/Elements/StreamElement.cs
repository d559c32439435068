namespace CallMetrics.Streaming.Elements;

/// <summary>
/// What flows through the graph: a closed set of element kinds (records, events, source changes, barriers, ticks,
/// end of input, and the engines' output), each carried whole. As Flink passes watermarks and checkpoint barriers
/// past its operators, a stage handles the kinds that concern it and passes the others downstream untouched, in order.
/// </summary>
/// <remarks>The constructor is private to this assembly, so no kind can be added from outside it.</remarks>
internal abstract class StreamElement
{
    private protected StreamElement()
    {
    }
}
