using System.Runtime.CompilerServices;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The lane a thread counts refused events in (<see cref="DropTally"/>). Up to <see cref="Owned"/> threads at a time own
/// a lane each and count in it with plain writes: no atomic operation, and no cache line that another core writes. Any
/// other thread counts in the shared lane 0 with atomic increments. A thread claims its lane at its first refused
/// event, and the lane is freed once the thread has ended (<see cref="LaneLease"/>), for the next thread that needs one.
/// </summary>
/// <remarks>
/// A lane is one thread's at a time, in every tally of the process, so its counts have one writer; the reader of a
/// tally never writes them (it remembers what it has taken, see <see cref="DropTally"/>). Lanes exist only in a 64-bit
/// process, where a count's plain read and write are whole; in a 32-bit process every thread shares lane 0.
/// </remarks>
internal static class DropTallyLanes
{
    /// <summary>How many threads can own a lane at once.</summary>
    public const int Owned = 16;

    /// <summary>The lanes of a tally: the shared lane 0 and the owned ones.</summary>
    public const int Count = Owned + 1;

    private const int NoneFree = -1;
    private static readonly LanePool Pool = new(Owned);
    private static readonly bool Supported = IntPtr.Size == 8;

    // 0: this thread has not asked yet; NoneFree: it asked when every lane was owned, and shares lane 0 for good.
    [ThreadStatic]
    private static int t_lane;

    [ThreadStatic]
    private static LaneLease? t_lease;

    /// <summary>The calling thread's lane: 1 to <see cref="Owned"/> if it owns one, 0 (shared) otherwise.</summary>
    public static int Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var lane = t_lane;
            if (lane > 0)
            {
                return lane;
            }

            return lane == 0 ? Claim() : 0;
        }
    }

    /// <summary>The highest lane any thread has owned so far: a reader need not look past it.</summary>
    public static int HighestClaimed => Pool.HighestClaimed;

    /// <summary>Whether a thread owns <paramref name="lane"/> now (for tests).</summary>
    internal static bool IsOwned(int lane) => Pool.IsOwned(lane);

    // Once per thread, at its first refused event. The lease is its only allocation; a thread that finds every lane
    // owned shares lane 0 from then on (it does not ask again on every event).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Claim()
    {
        var lane = Supported ? Pool.TryClaim() : 0;
        if (lane == 0)
        {
            t_lane = NoneFree;
            return 0;
        }

        t_lease = new LaneLease(Pool, lane);
        t_lane = lane;
        return lane;
    }
}
