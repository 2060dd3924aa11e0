using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Tests.Memory;

public sealed class AlertMemoryTests
{
    private static readonly AlertFingerprint Disk = AlertFingerprint.OfTemplate("Disk {Volume} almost full");

    [Fact]
    public void Deciding_changes_nothing()
    {
        var clock = new MemoryClock();
        clock.Advance();
        clock.Observe(Disk, 5);

        var first = clock.Decide();
        var second = clock.Decide();

        Assert.Equal((AlertState.New, 5L), (first.Verdicts[0].State, first.Verdicts[0].SinceLastDigest));
        Assert.Equal((AlertState.New, 5L), (second.Verdicts[0].State, second.Verdicts[0].SinceLastDigest));
    }

    [Fact]
    public void Totals_are_exact_across_windows_and_untold_counts_add_up_until_a_digest_carries_them()
    {
        var clock = new MemoryClock();
        clock.Window((Disk, 3));
        clock.Window((Disk, 5));
        var decision = clock.Window((Disk, 7));

        var disk = Assert.Single(decision.Verdicts);
        Assert.Equal((15L, 15L, 12L), (disk.Total, disk.EpisodeTotal, disk.SinceLastDigest));
        Assert.False(decision.ShouldSend);
        Assert.Equal(12, decision.UntoldEvents);
    }

    [Fact]
    public void Below_the_mention_level_a_new_group_is_told_but_mentions_nobody_until_it_gets_worse()
    {
        var clock = new MemoryClock();
        clock.Advance();
        clock.Observe(Disk, 10, DigestLevel.Warning);
        var told = clock.Decide();
        clock.Commit(told);

        clock.Advance();
        clock.Observe(Disk, 10, DigestLevel.Warning);
        clock.Observe(Disk, 1, DigestLevel.Error);
        var worse = clock.Decide();
        clock.Commit(worse);

        clock.Advance();
        clock.Observe(Disk, 10, DigestLevel.Error);
        var same = clock.Decide();
        clock.Commit(same); // it rode along in a digest sent for another group

        clock.Advance();
        clock.Observe(Disk, 10, DigestLevel.Warning);
        var milder = clock.Decide();

        Assert.Equal((AlertState.New, false, true), (told.Verdicts[0].State, told.Verdicts[0].Mention, told.ShouldSend));
        Assert.Equal((AlertState.WorseLevel, true, DigestLevel.Error), (worse.Verdicts[0].State, worse.Verdicts[0].Mention, worse.Verdicts[0].Level));
        Assert.Equal((AlertState.Ongoing, false, false), (same.Verdicts[0].State, same.Verdicts[0].Mention, same.ShouldSend));

        // The level is that of the events since the last digest: milder now, and no change worth a digest.
        Assert.Equal((AlertState.Ongoing, DigestLevel.Warning, false), (milder.Verdicts[0].State, milder.Verdicts[0].Level, milder.ShouldSend));
    }

    [Fact]
    public void A_quiet_group_is_told_once_and_its_return_is_back_with_a_new_stretch()
    {
        var clock = new MemoryClock();
        clock.Window((Disk, 10));
        clock.Advance(TimeSpan.FromMinutes(5));
        var quiet = clock.Decide();
        clock.Commit(quiet);
        var later = Enumerable.Range(0, 60).Select(_ => clock.Window()).ToList();
        var back = clock.Window((Disk, 4));

        Assert.Equal((AlertState.Quiet, false, true), (quiet.Verdicts[0].State, quiet.Verdicts[0].Mention, quiet.ShouldSend));
        Assert.All(later, d => Assert.Empty(d.Verdicts));
        var disk = Assert.Single(back.Verdicts);
        Assert.Equal((AlertState.Back, true, 14L, 4L), (disk.State, disk.Mention, disk.Total, disk.EpisodeTotal));
        Assert.Equal(clock.WallAt(clock.Elapsed - MemoryClock.WindowLength), disk.Since);
        Assert.Equal(MemoryClock.Wall0, disk.FirstSeen);
    }

    [Fact]
    public void A_return_after_a_silence_whose_quiet_was_never_delivered_is_still_back()
    {
        var clock = new MemoryClock();
        clock.Window((Disk, 10));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(AlertState.Quiet, clock.Decide().Verdicts[0].State); // refused: not committed

        var back = clock.Window((Disk, 2));

        Assert.Equal((AlertState.Back, true), (back.Verdicts[0].State, back.Verdicts[0].Mention));
    }

    [Fact]
    public void Events_that_arrive_between_the_decision_and_the_commit_stay_untold()
    {
        var clock = new MemoryClock();
        clock.Advance();
        clock.Observe(Disk, 10);
        var decision = clock.Decide();
        clock.Advance();
        clock.Observe(Disk, 50);
        clock.Commit(decision);
        clock.Commit(decision); // a second commit of the same decision changes nothing

        var next = clock.Decide();

        Assert.Equal((AlertState.Ongoing, 50L, 60L), (next.Verdicts[0].State, next.Verdicts[0].SinceLastDigest, next.Verdicts[0].Total));
    }

    [Fact]
    public void A_group_that_began_late_in_its_first_window_is_not_rising_in_its_second()
    {
        var clock = new MemoryClock();
        clock.Advance();
        clock.Observe(Disk, 10, first: TimeSpan.FromSeconds(9), last: TimeSpan.FromSeconds(9.9));
        clock.Commit(clock.Decide());

        var second = clock.Window((Disk, 100));

        Assert.Equal(10, second.Verdicts[0].NotifiedRate, precision: 6);
        Assert.Equal(AlertState.Ongoing, second.Verdicts[0].State);
    }

    [Fact]
    public void A_rise_needs_enough_events_to_be_more_than_chance()
    {
        var clock = new MemoryClock(new AlertMemoryOptions { RisingFactor = 2, RisingMinimumEvents = 10 });
        clock.Advance();
        clock.Observe(Disk, 2, first: TimeSpan.Zero, last: TimeSpan.FromSeconds(9.9));
        clock.Commit(clock.Decide());

        var five = clock.Window((Disk, 5));
        var ten = clock.Window((Disk, 10));

        Assert.Equal(AlertState.Ongoing, five.Verdicts[0].State);
        Assert.True(five.Verdicts[0].Rate >= 2 * five.Verdicts[0].NotifiedRate);
        Assert.Equal((AlertState.Rising, true), (ten.Verdicts[0].State, ten.Verdicts[0].Mention));
    }

    [Fact]
    public void The_next_change_is_the_earlier_of_going_quiet_and_the_repeat()
    {
        var clock = new MemoryClock(new AlertMemoryOptions { QuietAfter = TimeSpan.FromMinutes(5), RepeatInterval = TimeSpan.FromMinutes(3) });
        Assert.Null(clock.Memory.NextChangeAt(clock.Options));
        clock.Window((Disk, 1));
        var toldAt = clock.Now;
        Assert.Equal(toldAt + TimeSpan.FromMinutes(5), clock.Memory.NextChangeAt(clock.Options));

        clock.Window((Disk, 1));

        Assert.Equal(toldAt + TimeSpan.FromMinutes(3), clock.Memory.NextChangeAt(clock.Options));
    }

    [Fact]
    public void A_flood_of_distinct_fingerprints_stays_within_the_cap_and_every_event_is_still_counted()
    {
        var clock = new MemoryClock();
        var cap = AlertMemoryOptions.DefaultMaxTrackedFingerprints;
        clock.Advance();
        for (var i = 0; i < 100_000; i++)
        {
            clock.Observe(AlertFingerprint.OfTemplate("Template " + i), 2);
            Assert.True(clock.Memory.Count <= cap);
        }

        var decision = clock.Decide();
        clock.Commit(decision);
        clock.Advance();
        clock.Observe(AlertFingerprint.OfTemplate("Template 0"), 1);
        var next = clock.Decide();

        Assert.Equal((cap, 90_000L), (clock.Memory.Count, clock.Memory.Evictions - 1));
        Assert.Equal(cap, decision.Verdicts.Count);
        Assert.All(decision.Verdicts, v => Assert.Equal(AlertState.New, v.State));
        Assert.NotNull(decision.Find(AlertFingerprint.OfTemplate("Template 99999")));
        Assert.Null(decision.Find(AlertFingerprint.OfTemplate("Template 0")));
        Assert.Equal((180_000L, 200_000L), (decision.ForgottenEvents, decision.UntoldEvents));

        // Forgotten counts are told once; "Template 0" comes back as new and pushes out one told fingerprint.
        Assert.Equal((0L, 1L), (next.ForgottenEvents, next.UntoldEvents));
        Assert.Equal(AlertState.New, Assert.Single(next.Verdicts).State);
    }
}
