namespace CallMetrics.Core.Contacts;

/// <summary>
/// The distinct (tenant, agent, team, queue) a contact is attributed to, each numbered once, so a pending contact
/// carries one number instead of four symbols. There are about as many as agents times the queues and teams they work
/// in, not as many as contacts, so the table is kept for the life of the tracker.
/// </summary>
internal sealed class ContactAttributions
{
    private readonly Dictionary<(int Tenant, int Agent, int Team, int Queue), int> _ids = [];
    private (int Tenant, int Agent, int Team, int Queue)[] _byId = new (int, int, int, int)[16];

    /// <summary>Distinct attributions numbered so far.</summary>
    public int Count => _ids.Count;

    /// <summary>The number of (<paramref name="tenant"/>, <paramref name="agent"/>, <paramref name="team"/>, <paramref name="queue"/>), numbering it when new.</summary>
    public int Intern(int tenant, int agent, int team, int queue)
    {
        var key = (tenant, agent, team, queue);
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
    public (int Tenant, int Agent, int Team, int Queue) this[int id] => _byId[id];
}
