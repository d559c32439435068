namespace CallMetrics.Simulation;

/// <summary>
/// The run's one source of randomness and the distributions drawn from it. Every draw goes through here in the
/// order the simulation makes them, which is what makes a seed reproduce a run byte for byte.
/// </summary>
internal sealed class SimulationRandom(int seed)
{
    private readonly Random _random = new(seed);
    private double _spareNormal = double.NaN;

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _random.NextDouble();

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    /// <summary>Uniform in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => _random.NextDouble() < probability;

    /// <summary>Uniform in (-<paramref name="range"/>, <paramref name="range"/>).</summary>
    public long Jitter(long range) => (long)((_random.NextDouble() * 2 - 1) * range);

    public long ExponentialMs(TimeSpan mean) => (long)(-Math.Log(1 - _random.NextDouble()) * mean.TotalMilliseconds);

    /// <summary>A log-normal duration with the given mean and shape sigma, at least <paramref name="minimumMs"/>.</summary>
    public long LogNormalMs(TimeSpan mean, double sigma, long minimumMs)
    {
        var mu = Math.Log(mean.TotalMilliseconds) - (sigma * sigma / 2);
        return Math.Max(minimumMs, (long)Math.Exp(mu + (sigma * StandardNormal())));
    }

    /// <summary>Log-uniform between the bounds: as likely within an hour as within the next ten.</summary>
    public long LogUniformMs(TimeSpan min, TimeSpan max)
    {
        var low = Math.Log(min.TotalMilliseconds);
        var high = Math.Log(max.TotalMilliseconds);
        return (long)Math.Exp(low + (_random.NextDouble() * (high - low)));
    }

    /// <summary>An index drawn with the given weights (which add up to 1; the last takes the rest).</summary>
    public int Pick(ReadOnlySpan<double> weights)
    {
        var x = _random.NextDouble();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    /// <summary>An index drawn with whole-percent weights (which add up to 100).</summary>
    public int PickPercent(ReadOnlySpan<int> weightsPercent)
    {
        var x = _random.Next(100);
        for (var i = 0; i < weightsPercent.Length; i++)
        {
            x -= weightsPercent[i];
            if (x < 0)
            {
                return i;
            }
        }

        return weightsPercent.Length - 1;
    }

    private double StandardNormal()
    {
        if (!double.IsNaN(_spareNormal))
        {
            var spare = _spareNormal;
            _spareNormal = double.NaN;
            return spare;
        }

        // Box-Muller: two independent normals from two uniforms; the second is kept for the next call.
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var radius = Math.Sqrt(-2 * Math.Log(u1));
        _spareNormal = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }
}
