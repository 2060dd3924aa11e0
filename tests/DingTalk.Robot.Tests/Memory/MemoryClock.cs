using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Tests.Memory;

/// <summary>
/// Drives an <see cref="AlertMemory"/> through digest windows on a fake monotonic clock (which starts far from zero, so
/// nothing may assume it does) with wall times that follow it.
/// </summary>
internal sealed class MemoryClock
{
    public static readonly TimeSpan WindowLength = TimeSpan.FromSeconds(10);
    public static readonly DateTimeOffset Wall0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Start = TimeSpan.FromHours(1000);

    public MemoryClock(AlertMemoryOptions? options = null, int maxTrackedFingerprints = AlertMemoryOptions.DefaultMaxTrackedFingerprints)
    {
        Options = options ?? new AlertMemoryOptions();
        Memory = new AlertMemory(Start, maxTrackedFingerprints);
        Now = Start;
    }

    public AlertMemory Memory { get; }

    public AlertMemoryOptions Options { get; }

    /// <summary>The monotonic now: the end of the current window.</summary>
    public TimeSpan Now { get; private set; }

    /// <summary>Time since the clock started.</summary>
    public TimeSpan Elapsed => Now - Start;

    public DateTimeOffset WallAt(TimeSpan elapsed) => Wall0 + elapsed;

    /// <summary>Moves to the end of the next window (or <paramref name="by"/> later).</summary>
    public void Advance(TimeSpan? by = null) => Now += by ?? WindowLength;

    /// <summary>
    /// Observes <paramref name="count"/> events spread evenly over the window that ends now (the first at its start),
    /// or between the given offsets into it.
    /// </summary>
    public void Observe(
        AlertFingerprint fingerprint, long count, DigestLevel level = DigestLevel.Error, TimeSpan? first = null, TimeSpan? last = null)
    {
        var windowStart = Elapsed - WindowLength;
        var firstSeen = WallAt(windowStart + (first ?? TimeSpan.Zero));
        var lastSeen = WallAt(windowStart + (last ?? TimeSpan.FromTicks(WindowLength.Ticks * (count - 1) / count)));
        Memory.Observe(fingerprint, count, level, Now, firstSeen, lastSeen);
    }

    public AlertDecision Decide() => Memory.Decide(Now, Options);

    public void Commit(AlertDecision decision) => Memory.Commit(decision, Now);

    /// <summary>One window: advance, observe the groups, decide; commit when it is worth sending.</summary>
    public AlertDecision Window(params (AlertFingerprint Fingerprint, long Count)[] groups)
    {
        Advance();
        foreach (var (fingerprint, count) in groups)
        {
            Observe(fingerprint, count);
        }

        var decision = Decide();
        if (decision.ShouldSend)
        {
            Commit(decision);
        }

        return decision;
    }
}
