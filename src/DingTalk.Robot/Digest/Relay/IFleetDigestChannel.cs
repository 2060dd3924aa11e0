namespace DingTalk.Robot.Digest.Relay;

/// <summary>
/// How a fleet's replicas make one digest (implemented on Redis by the DingTalk.Robot.Redis package): every replica
/// publishes its deltas; the replica that holds the sender lease takes them, each once, and sends the fleet's digest.
/// Only digest loops call it, never a logging call. Every call is bounded and never throws: an unanswered call is
/// <see langword="false"/> or <see langword="null"/>, and the replica then sends its own digests (fail open).
/// </summary>
internal interface IFleetDigestChannel
{
    /// <summary>This replica's name, as people read it.</summary>
    string Replica { get; }

    /// <summary>Whether the last call was answered (or none failed yet): while not, the replica sends its own digests.</summary>
    bool IsAvailable { get; }

    /// <summary>Whether the last call was answered (false from a failed call until one succeeds).</summary>
    bool IsAnswering { get; }

    /// <summary>
    /// How long a replica that has just taken the lease waits before its first digest: after an outage, long enough for
    /// every replica to have found Redis again and written its tellings back to the fleet's memory, so that the new
    /// holder does not tell the fleet's known groups as new.
    /// </summary>
    TimeSpan HandOverGrace { get; }

    /// <summary>How often the holder takes what was published (and renews its lease).</summary>
    TimeSpan TakeInterval { get; }

    /// <summary>Publishes <paramref name="delta"/> for the fleet's digest; false when the fleet did not take it in time.</summary>
    bool TryPublish(FleetDelta delta);

    /// <summary>
    /// Takes the lease if nobody holds it, or renews this replica's, and takes the deltas published since the last take
    /// (each is taken once, by one holder). <paramref name="held"/> is what this holder holds untold now: the next
    /// holder counts it as lost if this one stops answering.
    /// </summary>
    /// <returns>What was taken, or <see langword="null"/> when another replica holds the lease or Redis did not answer.</returns>
    FleetTake? TryTake(long held);

    /// <summary>Whether everything this replica published has been taken by a holder (a stop waits for it).</summary>
    bool AllTaken();

    /// <summary>The holder delivered a digest: it now holds <paramref name="held"/> events untold (recorded for the next holder).</summary>
    void Delivered(long held);

    /// <summary>Lets the lease go, if this replica holds it, saying it holds <paramref name="held"/> events untold.</summary>
    void Release(long held);
}
