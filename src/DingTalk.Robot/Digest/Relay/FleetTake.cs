namespace DingTalk.Robot.Digest.Relay;

/// <summary>What a holder took from the fleet (<see cref="IFleetDigestChannel.TryTake"/>).</summary>
internal sealed class FleetTake
{
    public FleetTake(IReadOnlyList<FleetDelta> deltas, string? lostFrom = null, long lostEvents = 0)
    {
        Deltas = deltas;
        LostFrom = lostFrom;
        LostEvents = lostEvents;
    }

    /// <summary>Whether this take began the lease (it was free): the holder's first digest then waits <see cref="IFleetDigestChannel.HandOverGrace"/>.</summary>
    public bool Acquired { get; set; }

    /// <summary>The deltas published since the last take, oldest first.</summary>
    public IReadOnlyList<FleetDelta> Deltas { get; }

    /// <summary>
    /// When this take began a lease another replica had held: that replica's name, if it still held events untold when
    /// it stopped renewing (killed or cut off); <see langword="null"/> otherwise.
    /// </summary>
    public string? LostFrom { get; }

    /// <summary>How many events <see cref="LostFrom"/> held untold: counted in the fleet's next digest as perhaps not delivered.</summary>
    public long LostEvents { get; }
}
