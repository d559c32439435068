namespace CallMetrics.Core.Windows;

/// <summary>Receives the tallies of a window, one series at a time (a struct, so calls are not virtual).</summary>
/// <typeparam name="T">The tally type.</typeparam>
public interface ISeriesVisitor<T>
    where T : struct
{
    /// <summary>Called once per series with activity in the window.</summary>
    void Visit(int series, in T tally);
}
