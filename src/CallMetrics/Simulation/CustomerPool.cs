namespace CallMetrics.Simulation;

/// <summary>
/// Who calls: a pool of customers per tenant, and the customers who will call again. After an inbound call ends,
/// its caller calls back with <see cref="SimulationOptions.RepeatProbabilityResolved"/> or
/// <see cref="SimulationOptions.RepeatProbabilityUnresolved"/>, a log-uniform delay between
/// <see cref="SimulationOptions.RepeatDelayMin"/> and <see cref="SimulationOptions.RepeatDelayMax"/> later, about the
/// same call type. A callback takes the place of the first arrival of its tenant at or after that time (callers call
/// back when the center answers, and the load stays the one the options ask for); other arrivals are customers drawn
/// from the pool.
/// </summary>
/// <remarks>
/// The pool holds about a year of calls at the full rate (at least 10,000 customers), so two unrelated calls of one
/// customer within a week are rare (about 1 % of calls). Memory: the callbacks not yet due, at most the calls of the
/// last <see cref="SimulationOptions.RepeatDelayMax"/> times the repeat probability, whatever the duration.
/// </remarks>
internal sealed class CustomerPool
{
    private readonly SimulationOptions _options;
    private readonly SimulationRandom _random;
    private readonly PriorityQueue<Callback, (long DueMs, long Sequence)>[] _callbacks;
    private long _sequence;

    public CustomerPool(SimulationOptions options, double callsPerHour, int tenants, SimulationRandom random)
    {
        _options = options;
        _random = random;
        Size = (int)Math.Clamp(callsPerHour * 24 * 365, 10_000, 1_000_000_000);
        Digits = Size.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        _callbacks = new PriorityQueue<Callback, (long, long)>[tenants];
        for (var t = 0; t < tenants; t++)
        {
            _callbacks[t] = new();
        }
    }

    /// <summary>Customers per tenant.</summary>
    public int Size { get; }

    /// <summary>Digits of a customer number in <c>caller</c>.</summary>
    public int Digits { get; }

    /// <summary>Callbacks decided and not yet made.</summary>
    public int PendingCallbacks => _callbacks.Sum(c => c.Count);

    /// <summary>
    /// The caller of an inbound call of <paramref name="tenant"/> arriving at <paramref name="nowMs"/>: the customer
    /// whose callback is longest due, with the call type of the call before, or a customer from the pool
    /// (<paramref name="callType"/> -1: the caller draws a type).
    /// </summary>
    public int NextInbound(int tenant, long nowMs, out int callType)
    {
        var due = _callbacks[tenant];
        if (due.TryPeek(out var callback, out var at) && at.DueMs <= nowMs)
        {
            due.Dequeue();
            callType = callback.CallType;
            return callback.Customer;
        }

        callType = -1;
        return _random.Next(Size);
    }

    /// <summary>A customer an agent calls.</summary>
    public int Any() => _random.Next(Size);

    /// <summary>An inbound call ended at <paramref name="nowMs"/>: its caller may call again.</summary>
    public void CallEnded(SimulatedCall call, bool satisfied, long nowMs)
    {
        var probability = satisfied ? _options.RepeatProbabilityResolved : _options.RepeatProbabilityUnresolved;
        if (probability > 0 && _random.Chance(probability))
        {
            var dueMs = nowMs + _random.LogUniformMs(_options.RepeatDelayMin, _options.RepeatDelayMax);
            _callbacks[call.Tenant].Enqueue(new Callback(call.Customer, call.CallType), (dueMs, _sequence++));
        }
    }

    /// <summary>Writes <c>cust-</c> and the customer number, zero-padded to <see cref="Digits"/>, into <paramref name="destination"/>; returns the length.</summary>
    public int Format(int customer, Span<byte> destination)
    {
        "cust-"u8.CopyTo(destination);
        var length = 5 + Digits;
        for (var i = length - 1; i >= 5; i--)
        {
            destination[i] = (byte)('0' + (customer % 10));
            customer /= 10;
        }

        return length;
    }

    private readonly record struct Callback(int Customer, int CallType);
}
