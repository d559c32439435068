namespace CallMetrics.Simulation;

/// <summary>
/// Time-of-day shape of the arrival rate, per minute of the day (UTC): proportional to the share of agents
/// on shift (so the load follows staffing), times a mild double peak late morning and mid afternoon.
/// </summary>
internal sealed class ArrivalProfile
{
    private readonly double[] _byMinute = new double[24 * 60];

    public ArrivalProfile(IReadOnlyList<long> nominalShiftStarts)
    {
        ArgumentNullException.ThrowIfNull(nominalShiftStarts);
        var onShift = new int[_byMinute.Length];
        foreach (var start in nominalShiftStarts)
        {
            var first = (int)(start / ShiftPlan.Minute);
            var count = (int)(ShiftPlan.ShiftLength / ShiftPlan.Minute);
            for (var m = first; m < first + count; m++)
            {
                onShift[m % onShift.Length]++;
            }
        }

        for (var m = 0; m < _byMinute.Length; m++)
        {
            var hour = m / 60.0;
            var shape = 0.9 + (0.2 * Math.Exp(-Math.Pow(hour - 10.5, 2) / 2)) + (0.15 * Math.Exp(-Math.Pow(hour - 14.5, 2) / 2));
            _byMinute[m] = (double)onShift[m] / nominalShiftStarts.Count * shape;
            Max = Math.Max(Max, _byMinute[m]);
        }
    }

    /// <summary>The largest multiplier of the day (the thinning bound).</summary>
    public double Max { get; }

    /// <summary>The rate multiplier at this instant (Unix ms).</summary>
    public double At(long unixMs)
    {
        var msOfDay = ((unixMs % ShiftPlan.Day) + ShiftPlan.Day) % ShiftPlan.Day;
        return _byMinute[msOfDay / ShiftPlan.Minute];
    }
}
