using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Relay;

/// <summary>
/// The sending side of the fleet's one digest, in the fleet engine of every replica: every
/// <see cref="IFleetDigestChannel.TakeInterval"/> it asks for the lease (or renews it) and folds what the replicas
/// published into the fleet's batch; only the holder gets any. A take that begins a lease counts what the previous
/// holder held untold, as perhaps not delivered.
/// </summary>
internal sealed class FleetRelayIn
{
    private readonly IFleetDigestChannel _channel;
    private TimeSpan _nextTakeAt;

    // Set when Redis stopped answering: once it answers again, this replica's fleet engine writes what it told back to
    // the fleet's memory (a holder's tellings are the fleet's; Redis may have come back empty).
    private bool _owesWriteBack;

    public FleetRelayIn(IFleetDigestChannel channel) => _channel = channel;

    /// <summary>Until when the holder's first digest waits after it took the lease (the loop's clock); zero otherwise.</summary>
    public TimeSpan FirstDigestNotBefore { get; private set; }

    /// <summary>When the next take is due (the loop's clock).</summary>
    public TimeSpan NextTakeAt => _nextTakeAt;

    /// <summary>Takes what was published into <paramref name="batch"/> if this replica holds the lease.</summary>
    /// <returns>The events taken in (the loop holds them from now on).</returns>
    public long TakeInto(DigestBatch<DigestEvent> batch, long held, TimeSpan now)
    {
        _nextTakeAt = now + _channel.TakeInterval;
        var take = _channel.TryTake(held);
        if (!_channel.IsAnswering)
        {
            _owesWriteBack = true;
        }

        if (take is null)
        {
            return 0;
        }

        if (take.Acquired)
        {
            FirstDigestNotBefore = now + _channel.HandOverGrace;
        }

        var events = 0L;
        if (take.LostFrom is { } lostFrom && take.LostEvents > 0)
        {
            batch.AddUndelivered(take.LostEvents, lostFrom + " held them for the fleet's digest and stopped renewing its lease", outcomeUnknown: true);
            events += take.LostEvents;
        }

        foreach (var delta in take.Deltas)
        {
            FleetDeltaMerger.Merge(batch, delta);
            events += delta.Accounts;
        }

        return events;
    }

    /// <summary>Whether Redis answers again after it stopped: true once, when the fleet engine should write its tellings back.</summary>
    public bool TakeWriteBackDue()
    {
        if (!_owesWriteBack || !_channel.IsAnswering)
        {
            return false;
        }

        _owesWriteBack = false;
        return true;
    }

    /// <summary>Whether everything this replica published has been taken (by this holder or another).</summary>
    public bool AllTaken() => _channel.AllTaken();

    /// <summary>A digest of the fleet engine was delivered: what it still holds untold is recorded at once.</summary>
    public void Delivered(long held) => _channel.Delivered(held);

    /// <summary>Lets the lease go at a stop, saying what this replica still holds untold.</summary>
    public void Release(long held) => _channel.Release(held);
}
