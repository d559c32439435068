namespace CallMetrics.Core.Windows;

/// <summary>Receives the tallies of a window, one series at a time (a struct, so calls are not virtual).</summary>
/// <typeparam name="T">The tally type.</typeparam>
public interface ISeriesVisitor<T>
    where T : struct
{
    /// <summary>
    /// Called once per series with activity in the window. <paramref name="tally"/> may be scratch reused after
    /// the call: its percentile values are to be copied, not kept (<c>WithValuesIn</c>).
    /// </summary>
    void Visit(int series, in T tally);
}
