namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// When the next digest is due: the engine's whole timing policy, a pure function of what happened so far (told to it
/// by the loop) with no clock or I/O of its own. Times are the engine's monotonic time (<see cref="EngineClock.Now"/>).
/// </summary>
/// <remarks>
/// A batch is due <see cref="DingTalkDigestOptions.BufferingTimeLimit"/> after its first event, at once when it is full
/// (or holds the very first event, with <see cref="DingTalkDigestOptions.EagerlyEmitFirstEvent"/>). (A flush or a stop
/// does not ask the schedule: the app is stopping, see <see cref="DigestLoop{TEvent}"/>.) Whatever makes it due, no attempt comes sooner than an even share of three quarters of
/// the minute's budget (4 s at 20 a minute) after the previous one: the robot's budget is spent evenly, so a short buffering time or
/// a flood gets a steady digest every few seconds instead of the whole minute's budget at once, and a restart in the same
/// minute still finds budget left. After a failure the backoff (<see cref="DigestBackoff"/>) decides. With alert memory,
/// "the batch" is the window since it was last judged (<see cref="Judged"/>), and the memory's own next change (a group
/// going quiet, a repeat) makes the loop due too, with no new event.
/// </remarks>
internal sealed class DigestSchedule
{
    // The least time between two judgements of an unchanged batch (see DueAt).
    private static readonly TimeSpan MinimumRejudge = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _bufferingTimeLimit;
    private readonly int _batchSizeLimit;
    private readonly bool _eagerlyEmitFirstEvent;
    private TimeSpan? _batchOpenedAt;
    private TimeSpan? _lastAttemptAt;
    private TimeSpan _retryNotBefore;
    private TimeSpan? _judgedAt;
    private bool _anyDigestFormed;

    public DigestSchedule(TimeSpan bufferingTimeLimit, int batchSizeLimit, int messagesPerMinute, bool eagerlyEmitFirstEvent)
    {
        _bufferingTimeLimit = bufferingTimeLimit;
        _batchSizeLimit = batchSizeLimit;
        _eagerlyEmitFirstEvent = eagerlyEmitFirstEvent;
        // Three quarters of the budget in steady state: the rest is headroom for a restarted instance (its first digest
        // lands in the same rolling minute), the two digests of a stop, and other senders to the same robot.
        Spacing = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks * 4 / (3L * Math.Max(1, messagesPerMinute)));
    }

    /// <summary>The least time between two attempts: an even share of three quarters of the minute's budget.</summary>
    public TimeSpan Spacing { get; }

    /// <summary>The batch received its first event (or note) at <paramref name="now"/>; later calls change nothing.</summary>
    public void BatchOpened(TimeSpan now) => _batchOpenedAt ??= now;

    /// <summary>The batch became a digest: the next batch starts its own buffering time.</summary>
    public void DigestFormed()
    {
        _batchOpenedAt = null;
        _anyDigestFormed = true;
    }

    /// <summary>
    /// The batch was judged at <paramref name="now"/> and had nothing new to tell: it stays open, and its next window
    /// starts with the next event.
    /// </summary>
    public void Judged(TimeSpan now)
    {
        _batchOpenedAt = null;
        _judgedAt = now;
    }

    /// <summary>An attempt to send was made at <paramref name="now"/>, whatever came of it: it spent the budget.</summary>
    public void Attempted(TimeSpan now) => _lastAttemptAt = now;

    /// <summary>A digest was accepted: the backoff is over.</summary>
    public void Delivered() => _retryNotBefore = TimeSpan.Zero;

    /// <summary>
    /// An attempt failed: nothing is sent before <paramref name="notBefore"/> (the retry of the same digest or, when it
    /// was given up, the next one), so a robot that refuses us is not hammered.
    /// </summary>
    public void Failed(TimeSpan notBefore) => _retryNotBefore = notBefore;

    /// <summary>No digest before <paramref name="at"/> (a fleet engine that has just taken the lease over), unless a flush or a stop asks.</summary>
    public void NotBefore(TimeSpan at) => _retryNotBefore = at > _retryNotBefore ? at : _retryNotBefore;

    // The earliest time the pacing allows an attempt.
    private TimeSpan PacedFrom => _lastAttemptAt is { } last ? last + Spacing : TimeSpan.Zero;

    /// <summary>When the next attempt is due, or <see langword="null"/> when there is nothing to send.</summary>
    /// <param name="hasPending">A formed digest waits to be (re)sent.</param>
    /// <param name="batchEvents">The events in the batch's open window.</param>
    /// <param name="batchIsEmpty">Whether the open window holds nothing to tell (no events, no notes).</param>
    /// <param name="storyChangesAt">When the alert memory has something new to say without new events, if ever.</param>
    public TimeSpan? DueAt(bool hasPending, long batchEvents, bool batchIsEmpty, TimeSpan? storyChangesAt = null)
    {
        if (!hasPending && batchIsEmpty && storyChangesAt is null)
        {
            return null;
        }

        TimeSpan due;
        if (hasPending)
        {
            due = _retryNotBefore;
        }
        else
        {
            due = TimeSpan.MaxValue;
            if (!batchIsEmpty)
            {
                var opened = _batchOpenedAt ?? TimeSpan.Zero;
                var full = batchEvents >= _batchSizeLimit || (_eagerlyEmitFirstEvent && !_anyDigestFormed);
                due = full ? opened : opened + _bufferingTimeLimit;
            }

            if (storyChangesAt is { } changes)
            {
                // Not again in the same instant it was judged with nothing to tell: a change that judges as nothing
                // (it cannot, but a rounding of the two clocks could) must not spin the loop.
                due = Min(due, _judgedAt is { } judged ? Max(changes, judged + MinimumRejudge) : changes);
            }

            due = Max(due, _retryNotBefore);
        }

        return Max(due, PacedFrom);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
