namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Up to 31 numbered lanes (1 to <see cref="Size"/>), each owned by at most one holder at a time: claimed and freed
/// with a compare-and-swap on one bit mask, so that neither ever waits.
/// </summary>
internal sealed class LanePool
{
    private readonly int _all;

    // Bit (lane - 1) is set while the lane is owned.
    private int _owned;
    private int _highestClaimed;

    /// <param name="size">How many lanes: 1 to 31.</param>
    public LanePool(int size)
    {
        if (size < 1 || size > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "1 to 31 lanes.");
        }

        Size = size;
        _all = (int)((1u << size) - 1);
    }

    /// <summary>How many lanes there are.</summary>
    public int Size { get; }

    /// <summary>The highest lane ever claimed (0 if none): a lane above it has never been written.</summary>
    public int HighestClaimed => Volatile.Read(ref _highestClaimed);

    /// <summary>Claims the lowest free lane; 0 if every lane is owned.</summary>
    public int TryClaim()
    {
        while (true)
        {
            var owned = Volatile.Read(ref _owned);
            var free = ~owned & _all;
            if (free == 0)
            {
                return 0;
            }

            var bit = free & -free;
            if (Interlocked.CompareExchange(ref _owned, owned | bit, owned) == owned)
            {
                var lane = BitIndex(bit) + 1;
                RaiseHighest(lane);
                return lane;
            }
        }
    }

    /// <summary>Frees <paramref name="lane"/> for the next claim.</summary>
    public void Release(int lane)
    {
        var bit = 1 << (lane - 1);
        var owned = Volatile.Read(ref _owned);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _owned, owned & ~bit, owned);
            if (seen == owned)
            {
                return;
            }

            owned = seen;
        }
    }

    /// <summary>Whether <paramref name="lane"/> is owned now.</summary>
    public bool IsOwned(int lane) => (Volatile.Read(ref _owned) & (1 << (lane - 1))) != 0;

    private static int BitIndex(int bit)
    {
        var index = 0;
        while ((bit >>= 1) != 0)
        {
            index++;
        }

        return index;
    }

    private void RaiseHighest(int lane)
    {
        var highest = Volatile.Read(ref _highestClaimed);
        while (lane > highest)
        {
            var seen = Interlocked.CompareExchange(ref _highestClaimed, lane, highest);
            if (seen == highest)
            {
                return;
            }

            highest = seen;
        }
    }
}
