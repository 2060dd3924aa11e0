namespace DingTalk.Robot.Internal;

/// <summary>
/// The delay before retrying a passing failure: exponential (0.5 s, 1 s, 2 s, … capped at 30 s) with "equal jitter"
/// (half fixed, half random), so that many clients recovering from the same outage don't retry in lock-step.
/// </summary>
internal static class RetryBackoff
{
    /// <summary>The delay before the first retry, before jitter.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay, before jitter.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);

    [ThreadStatic]
    private static Random? t_random;

    /// <summary>The delay after <paramref name="failures"/> consecutive failures (1 for the first).</summary>
    public static TimeSpan Next(int failures) => Next(failures, (t_random ??= new Random()).NextDouble());

    /// <summary>The delay after <paramref name="failures"/> failures, with <paramref name="jitter"/> in [0, 1) chosen by the caller.</summary>
    public static TimeSpan Next(int failures, double jitter)
    {
        // 2^(failures-1), guarded: past 2^6 the cap applies anyway, and a large shift would overflow.
        var exponent = Math.Min(Math.Max(failures, 1) - 1, 10);
        var ticks = Math.Min(Initial.Ticks << exponent, Maximum.Ticks);
        return TimeSpan.FromTicks((ticks / 2) + (long)(ticks / 2 * jitter));
    }
}
