namespace CallMetrics.Core.Sessions;

/// <summary>
/// An agent's open legs, in the order they were added. Almost every agent has none or one, which is
/// held inline: no <c>List&lt;Leg&gt;</c> and its array to chase from the agent (two cache misses per
/// event at 100k agents). Further legs go to a small array.
/// </summary>
internal struct LegList
{
    private Leg? _first;
    private Leg[]? _rest;
    private int _count;

    /// <summary>Legs held.</summary>
    public readonly int Count => _count;

    /// <summary>The leg at <paramref name="index"/> (0 = oldest).</summary>
    public readonly Leg this[int index] => index == 0 ? _first! : _rest![index - 1];

    /// <summary>The oldest leg, or null: for a prefetch hint.</summary>
    public readonly Leg? First => _count > 0 ? _first : null;

    /// <summary>The newest leg.</summary>
    public readonly Leg Last => this[_count - 1];

    /// <summary>Adds a leg at the end.</summary>
    public void Add(Leg leg)
    {
        if (_count == 0)
        {
            _first = leg;
        }
        else
        {
            _rest ??= new Leg[2];
            if (_count - 1 == _rest.Length)
            {
                Array.Resize(ref _rest, _rest.Length * 2);
            }

            _rest[_count - 1] = leg;
        }

        _count++;
    }

    /// <summary>Position of <paramref name="leg"/>, or -1.</summary>
    public readonly int IndexOf(Leg leg)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(this[i], leg))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Removes <paramref name="leg"/> if held, keeping the order of the others.</summary>
    public void Remove(Leg leg)
    {
        var index = IndexOf(leg);
        if (index < 0)
        {
            return;
        }

        for (var i = index; i < _count - 1; i++)
        {
            Set(i, this[i + 1]);
        }

        Set(_count - 1, null);
        _count--;
    }

    private void Set(int index, Leg? leg)
    {
        if (index == 0)
        {
            _first = leg;
        }
        else
        {
            _rest![index - 1] = leg!;
        }
    }
}
