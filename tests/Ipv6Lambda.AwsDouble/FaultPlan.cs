namespace Ipv6Lambda.AwsDouble;

/// <summary>Faults queued per operation; consumed first-added-first by matching requests. Thread-safe.</summary>
public sealed class FaultPlan
{
    public const string AnyOperation = "*";

    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>The next <paramref name="times"/> requests for <paramref name="operation"/> ("*" = any) get <paramref name="fault"/> instead of the real answer.</summary>
    public void Add(string operation, Fault fault, int times = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            _entries.Add(new Entry(operation, fault, times));
        }
    }

    /// <summary>How many faults are still queued (all operations).</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _entries.Sum(e => e.Remaining);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal Fault? Take(string operation)
    {
        lock (_gate)
        {
            var entry = _entries.FirstOrDefault(e =>
                e.Operation == AnyOperation || string.Equals(e.Operation, operation, StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                return null;
            }

            entry.Remaining--;
            if (entry.Remaining == 0)
            {
                _entries.Remove(entry);
            }

            return entry.Fault;
        }
    }

    private sealed class Entry(string operation, Fault fault, int remaining)
    {
        public string Operation { get; } = operation;
        public Fault Fault { get; } = fault;
        public int Remaining { get; set; } = remaining;
    }
}
