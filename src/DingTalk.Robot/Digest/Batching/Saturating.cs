namespace DingTalk.Robot.Digest.Batching;

/// <summary>Counts that stop at <see cref="long.MaxValue"/> instead of wrapping: a digest never shows a negative count.</summary>
internal static class Saturating
{
    /// <summary><paramref name="a"/> + <paramref name="b"/> for non-negative values, or <see cref="long.MaxValue"/>.</summary>
    public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
