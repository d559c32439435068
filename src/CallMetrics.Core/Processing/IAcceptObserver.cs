using CallMetrics.Core.Events;
using CallMetrics.Core.Ordering;

namespace CallMetrics.Core.Processing;

/// <summary>
/// Told which events of a batch given to <see cref="MetricsEngine.Accept(ReadOnlySpan{CanonicalEvent}, int, IAcceptObserver?)"/>
/// were not accepted, so the caller can dead-letter the raw records of the rejected ones.
/// </summary>
public interface IAcceptObserver
{
    /// <summary>
    /// The event at <paramref name="index"/> of the batch was not accepted: a duplicate (ignored, nothing to
    /// dead-letter), late or too far ahead (rejected). Called at once, before the next event is offered, so
    /// <see cref="MetricsEngine.DescribeRejection"/> called here gives the reason as it stands.
    /// </summary>
    void OnNotAccepted(int index, in CanonicalEvent e, AcceptResult result);
}
