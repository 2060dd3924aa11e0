namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// The order a digest shows its groups in, and the order its example budget is spent in: the worst level first, then
/// the most frequent, then the earliest; the template breaks ties, so the order never depends on arrival. With alert
/// memory, the groups told in full come before the ongoing ones that only ride along.
/// </summary>
internal static class GroupPriority
{
    /// <summary>Negative when <paramref name="a"/> comes first.</summary>
    public static int Compare<TEvent>(DigestGroup<TEvent> a, DigestGroup<TEvent> b)
    {
        var c = RidesAlong(a).CompareTo(RidesAlong(b));
        if (c == 0)
        {
            c = b.MaxLevelIndex.CompareTo(a.MaxLevelIndex);
        }

        if (c == 0)
        {
            c = b.Count.CompareTo(a.Count);
        }

        if (c == 0)
        {
            c = a.FirstSeen.UtcTicks.CompareTo(b.FirstSeen.UtcTicks);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Template, b.Template);
    }

    private static bool RidesAlong<TEvent>(DigestGroup<TEvent> group) => group.Verdict is { IsFull: false };
}
