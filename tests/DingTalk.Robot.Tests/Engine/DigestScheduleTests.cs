using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>The schedule alone: when a digest is due, from what happened so far, with no clock and no loop.</summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeSpan Buffering = TimeSpan.FromSeconds(10);

    private static DigestSchedule Schedule(int batchSizeLimit = 1000, bool eager = false)
        => new(Buffering, batchSizeLimit, messagesPerMinute: 20, eager);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Nothing_is_due_without_a_batch_or_a_pending_digest()
        => Assert.Null(Schedule().DueAt(hasPending: false, 0, batchIsEmpty: true));

    [Fact]
    public void A_batch_is_due_the_buffering_time_after_its_first_event()
    {
        var schedule = Schedule();
        schedule.BatchOpened(S(5));
        schedule.BatchOpened(S(7));

        Assert.Equal(S(15), schedule.DueAt(hasPending: false, 3, batchIsEmpty: false));
    }

    [Fact]
    public void A_full_batch_is_due_at_once_but_not_before_an_even_share_of_three_quarters_of_the_budget_after_the_last_attempt()
    {
        var schedule = Schedule(batchSizeLimit: 100);
        schedule.Attempted(S(1));
        schedule.Delivered();
        schedule.DigestFormed();
        schedule.BatchOpened(S(2));

        Assert.Equal(S(4), schedule.Spacing);
        Assert.Equal(S(5), schedule.DueAt(hasPending: false, 100, batchIsEmpty: false));
    }

    [Fact]
    public void Every_digest_is_paced_whatever_made_it_due()
    {
        var schedule = new DigestSchedule(TimeSpan.FromSeconds(1), 1000, messagesPerMinute: 20, eagerlyEmitFirstEvent: false);
        schedule.Attempted(S(10));
        schedule.Delivered();
        schedule.DigestFormed();
        schedule.BatchOpened(S(10.5));

        // Due by the buffering time at 11.5 s, paced to 14 s.
        Assert.Equal(S(14), schedule.DueAt(hasPending: false, 1, batchIsEmpty: false));
    }

    [Fact]
    public void The_very_first_event_goes_at_once_when_eagerly_emitted_and_only_the_first()
    {
        var schedule = Schedule(eager: true);
        schedule.BatchOpened(S(2));
        Assert.Equal(S(2), schedule.DueAt(hasPending: false, 1, batchIsEmpty: false));

        schedule.DigestFormed();
        schedule.Attempted(S(2));
        schedule.Delivered();
        schedule.BatchOpened(S(4));
        Assert.Equal(S(14), schedule.DueAt(hasPending: false, 1, batchIsEmpty: false));
    }

    [Fact]
    public void A_failed_digest_is_retried_after_the_backoff_and_the_next_batch_waits_for_it_too()
    {
        var schedule = Schedule();
        schedule.Attempted(S(10));
        schedule.Failed(S(40));

        Assert.Equal(S(40), schedule.DueAt(hasPending: true, 0, batchIsEmpty: true));

        // Given up: the next digest still waits out the backoff, so a robot that refuses us is not hammered.
        schedule.DigestFormed();
        schedule.BatchOpened(S(11));
        Assert.Equal(S(40), schedule.DueAt(hasPending: false, 1, batchIsEmpty: false));

        schedule.Attempted(S(40));
        schedule.Delivered();
        Assert.Equal(S(44), schedule.DueAt(hasPending: false, 1, batchIsEmpty: false));
    }
}
