namespace CallMetrics.Core.Contacts;

/// <summary>
/// The distinct (tenant, team, queue) a contact is attributed to besides its agent, each numbered once, so a pending
/// contact carries one number instead of three symbols. There are about as many as teams times the queues they work,
/// not as many as contacts or agents, so the table is small and kept for the life of the tracker.
/// </summary>
internal sealed class ContactAttributions
{
    private readonly Dictionary<(int Tenant, int Team, int Queue), int> _ids = [];
    private (int Tenant, int Team, int Queue)[] _byId = new (int, int, int)[16];

    /// <summary>Distinct attributions numbered so far.</summary>
    public int Count => _ids.Count;

    /// <summary>The number of (<paramref name="tenant"/>, <paramref name="team"/>, <paramref name="queue"/>), numbering it when new.</summary>
    public int Intern(int tenant, int team, int queue)
    {
        var key = (tenant, team, queue);
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        id = _ids.Count;
        if (id == _byId.Length)
        {
            Array.Resize(ref _byId, id * 2);
        }

        _byId[id] = key;
        _ids.Add(key, id);
        return id;
    }

    /// <summary>The attribution numbered <paramref name="id"/>.</summary>
    public (int Tenant, int Team, int Queue) this[int id] => _byId[id];
}
