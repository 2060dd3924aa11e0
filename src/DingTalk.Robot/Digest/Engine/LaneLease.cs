namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// A thread's hold on its lane (<see cref="DropTallyLanes"/>), kept only in a thread-static field: once the thread has
/// ended, nothing reaches it, and its finalizer frees the lane.
/// </summary>
/// <remarks>
/// The thread's last counts were written before it ended; the collection that found the lease unreachable, and the
/// compare-and-swap of the release and of the next claim, order them before the lane's next owner adds to them.
/// </remarks>
internal sealed class LaneLease
{
    private readonly LanePool _pool;

    public LaneLease(LanePool pool, int lane)
    {
        _pool = pool;
        Lane = lane;
    }

    /// <summary>The lane held.</summary>
    public int Lane { get; }

    ~LaneLease() => _pool.Release(Lane);
}
