using System.Diagnostics;

namespace CallMetrics.Tests.Kafka;

/// <summary>Bounded polling for conditions that become true asynchronously (group joins, rebalances): never a fixed sleep.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting until {what}");
            }

            await Task.Delay(Interval);
        }

        return waited.Elapsed;
    }
}
