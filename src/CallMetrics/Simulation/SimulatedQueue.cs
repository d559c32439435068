namespace CallMetrics.Simulation;

/// <summary>A queue: its tenant, the teams that serve it, and its waiting calls in FIFO order.</summary>
internal sealed class SimulatedQueue(string name, int tenant)
{
    public string Name { get; } = name;

    public int Tenant { get; } = tenant;

    public int[] ServingTeams { get; set; } = [];

    public SimulatedCall? Head { get; private set; }

    private SimulatedCall? _tail;

    public int Count { get; private set; }

    public void Enqueue(SimulatedCall call)
    {
        call.Previous = _tail;
        call.Next = null;
        if (_tail is null)
        {
            Head = call;
        }
        else
        {
            _tail.Next = call;
        }

        _tail = call;
        Count++;
    }

    /// <summary>Removes a waiting call wherever it is (answered at the head, or abandoned anywhere).</summary>
    public void Remove(SimulatedCall call)
    {
        if (call.Previous is null)
        {
            Head = call.Next;
        }
        else
        {
            call.Previous.Next = call.Next;
        }

        if (call.Next is null)
        {
            _tail = call.Previous;
        }
        else
        {
            call.Next.Previous = call.Previous;
        }

        call.Previous = null;
        call.Next = null;
        Count--;
    }
}
