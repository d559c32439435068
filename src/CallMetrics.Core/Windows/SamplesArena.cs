namespace CallMetrics.Core.Windows;

/// <summary>
/// The <see cref="Samples"/> lent to the lines of one window result: each line's percentile values are a copy
/// held here, and all are taken back at once when the result is reset for its next window. Instances and their
/// buffers are kept, so a result emitted window after window allocates only while its largest window grows.
/// Not thread-safe: one owner, which hands its lines to others only as copies.
/// </summary>
public sealed class SamplesArena
{
    // A buffer keeps the largest size it ever held, and instances are lent in turn to small lines and to large
    // unions (a tenant's or a team's values): kept whatever their size, every instance would in time grow to the
    // largest line's. Past this many values an instance is dropped at reset instead, and made again when needed.
    private const int KeptCapacity = 256;

    private readonly List<Samples> _lent = [];
    private int _used;

    /// <summary>An empty instance, valid until the next <see cref="Reset"/>.</summary>
    public Samples Rent()
    {
        if (_used == _lent.Count)
        {
            _lent.Add(new Samples());
        }

        var samples = _lent[_used++];
        samples.Clear();
        return samples;
    }

    /// <summary>A copy of <paramref name="values"/> valid until the next <see cref="Reset"/>; null when there are none.</summary>
    public Samples? Copy(Samples? values)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        Samples? copy = Rent();
        Samples.AddAll(ref copy, values);
        return copy;
    }

    /// <summary>Takes back every instance lent.</summary>
    public void Reset()
    {
        for (var i = 0; i < _used; i++)
        {
            if (_lent[i].Capacity > KeptCapacity)
            {
                _lent[i] = new Samples();
            }
        }

        _used = 0;
    }
}
