namespace DingTalk.Extensions.Logging;

/// <summary>
/// The system's UTC time at the cost of a coarse monotonic tick. Reading the wall clock (<c>clock_gettime</c>) took a
/// fifth of a whole logging call; a digest shows times to the second, so the tick count (a few milliseconds' resolution)
/// plus an offset to the wall clock, taken again every second, gives the same digest for a fraction of the cost.
/// </summary>
/// <remarks>
/// Thread-safe without locks: the offset is one 64-bit value, and two threads that re-anchor at once write nearly the
/// same one. A wall-clock step (NTP, a manual change) shows within a second.
/// </remarks>
internal static class CoarseUtcClock
{
#if NETCOREAPP3_0_OR_GREATER
    private const long AnchorIntervalMs = 1_000;

    // Milliseconds to add to Environment.TickCount64 for the Unix time in milliseconds, and when that was measured.
    private static long s_offsetMs = AnchorOffset(Environment.TickCount64);
    private static long s_anchoredAtMs = Environment.TickCount64;

    public static DateTimeOffset UtcNow
    {
        get
        {
            var tick = Environment.TickCount64;
            if (tick - Volatile.Read(ref s_anchoredAtMs) >= AnchorIntervalMs)
            {
                Volatile.Write(ref s_offsetMs, AnchorOffset(tick));
                Volatile.Write(ref s_anchoredAtMs, tick);
            }

            return DateTimeOffset.FromUnixTimeMilliseconds(Volatile.Read(ref s_offsetMs) + tick);
        }
    }

    private static long AnchorOffset(long tick) => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - tick;
#else
    // netstandard2.0 has no 64-bit tick count: the wall clock it is.
    public static DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
#endif
}
