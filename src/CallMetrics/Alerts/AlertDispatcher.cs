namespace CallMetrics.Alerts;

/// <summary>
/// The service's <see cref="IAlertChanges"/>: hands each change to every <see cref="IAlertSink"/> in turn. A sink that
/// throws is logged and counted and the others still get the change, so a broken consumer never reaches the
/// evaluator (or the pipeline it runs in).
/// </summary>
internal sealed class AlertDispatcher(IEnumerable<IAlertSink> sinks, ILogger<AlertDispatcher> logger) : IAlertChanges
{
    private readonly IAlertSink[] _sinks = [.. sinks];
    private long _failures;

    /// <summary>Exceptions thrown by sinks so far.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <inheritdoc />
    public void Publish(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Accept(change);
            }
#pragma warning disable CA1031 // A consumer's bug must not stop the other consumers or the evaluator.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _failures);
                AlertLog.SinkFailed(logger, exception, sink.GetType().Name, change.Rule);
            }
        }
    }
}
