using DingTalk.Robot.Digest.Relay;

namespace DingTalk.Robot.Tests.Engine.Support;

/// <summary>
/// The fleet's digest channel in memory, for the engine's tests: it keeps what the replica published, answers or not
/// as the test says, and hands the deltas a test queued (other replicas') to the fleet engine while it is the holder.
/// </summary>
internal sealed class InMemoryFleetChannel : IFleetDigestChannel
{
    private readonly object _lock = new();
    private readonly List<FleetDelta> _published = new();
    private readonly Queue<FleetDelta> _untaken = new();
    private FleetTake? _lost;

    public string Replica { get; init; } = "orders-1";

    public volatile bool Answers = true;

    public volatile bool IsHolder;

    public bool IsAvailable => Answers;

    public bool IsAnswering => Answers;

    public TimeSpan TakeInterval => TimeSpan.FromSeconds(2);

    public TimeSpan HandOverGrace { get; init; }

    /// <summary>What this replica published.</summary>
    public IReadOnlyList<FleetDelta> Published
    {
        get
        {
            lock (_lock)
            {
                return _published.ToArray();
            }
        }
    }

    /// <summary>What the holder last said it holds untold (after a delivery, or at its release).</summary>
    public long? LastHeld { get; private set; }

    /// <summary>Whether the fleet engine let the lease go.</summary>
    public bool Released { get; private set; }

    /// <summary>Queues another replica's delta for the holder.</summary>
    public void PublishFrom(FleetDelta delta)
    {
        lock (_lock)
        {
            _untaken.Enqueue(delta);
        }
    }

    /// <summary>Another replica, the holder, takes everything published (so a stop need not wait for it).</summary>
    public void TakeAllElsewhere()
    {
        lock (_lock)
        {
            _untaken.Clear();
        }
    }

    /// <summary>The next take begins the lease after a holder that vanished holding <paramref name="events"/>.</summary>
    public void LostBy(string replica, long events) => _lost = new FleetTake([], replica, events);

    public bool TryPublish(FleetDelta delta)
    {
        if (!Answers)
        {
            return false;
        }

        lock (_lock)
        {
            _published.Add(delta);
            _untaken.Enqueue(delta);
        }

        return true;
    }

    public FleetTake? TryTake(long held)
    {
        if (!Answers || !IsHolder)
        {
            return null;
        }

        lock (_lock)
        {
            var deltas = _untaken.ToList();
            _untaken.Clear();
            var take = new FleetTake(deltas, _lost?.LostFrom, _lost?.LostEvents ?? 0);
            _lost = null;
            return take;
        }
    }

    public bool AllTaken()
    {
        lock (_lock)
        {
            return _untaken.Count == 0;
        }
    }

    public void Delivered(long held) => LastHeld = held;

    public void Release(long held)
    {
        LastHeld = held;
        Released = true;
    }
}
