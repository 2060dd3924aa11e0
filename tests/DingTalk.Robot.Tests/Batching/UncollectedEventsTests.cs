using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Tests.Markdown;
using DingTalk.Testing.Shared;
using static DingTalk.Robot.Tests.Markdown.Scenario;

namespace DingTalk.Robot.Tests.Batching;

/// <summary>
/// Events a full queue refused, as the loop adds them from the tally: counted in the group their template's queued
/// events make (the same group, so the same alert fingerprint), without details; unattributed ones per level.
/// </summary>
public sealed class UncollectedEventsTests
{
    private const string Timeout = "Timeout calling {Service}";

    [Fact]
    public void Refused_events_join_the_group_their_queued_events_make()
    {
        var batch = new DigestBatch<DigestEvent>();
        var exception = new TimeoutException("The request was canceled.");
        batch.Add(Event(0, DigestLevel.Error, Timeout, exception: exception));

        // Another instance of the same text, as the tally may hold: the group is found by ordinal comparison.
        batch.AddUncollected(new string(Timeout.ToCharArray()), DigestLevel.Error, 999_999, Start.AddSeconds(1));

        var group = Assert.Single(batch.Groups);
        Assert.Equal(1_000_000, group.Count);
        Assert.Equal(1_000_000, batch.EventCount);
        Assert.Equal(1_000_000, batch.CountOf(DigestLevel.Error));
        Assert.Equal(999_999, batch.Uncollected);
        Assert.Equal(1, group.ExampleCount);
        Assert.Same(exception, group.FirstException);
        Assert.Equal(0, batch.Dropped);
    }

    [Fact]
    public void A_group_of_refused_events_alone_has_the_fingerprint_of_its_template()
    {
        // An event that was never queued has no exception to fingerprint: its group's fingerprint is the template's,
        // the same as a group of queued events of that template without an exception.
        var tallied = new DigestBatch<DigestEvent>();
        tallied.AddUncollected(Timeout, DigestLevel.Error, 5, Start);
        var queued = new DigestBatch<DigestEvent>();
        queued.Add(Event(0, DigestLevel.Error, Timeout));

        var group = Assert.Single(tallied.Groups);
        Assert.Null(group.FirstException);
        Assert.Equal(0, group.ExampleCount);
        Assert.Equal(Start, group.FirstSeen);
        Assert.Equal(
            AlertFingerprint.Of(Assert.Single(queued.Groups).Template, null),
            AlertFingerprint.Of(group.Template, group.FirstException));
        Assert.Equal(AlertFingerprint.OfTemplate(Timeout), AlertFingerprint.Of(group.Template, group.FirstException));
    }

    [Fact]
    public void The_digest_shows_the_whole_count_and_says_how_many_came_without_details()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, Timeout));
        batch.Add(Event(1, DigestLevel.Error, "Disk full on {Volume}"));
        batch.AddUncollected(Timeout, DigestLevel.Error, 998_999, Start.AddSeconds(2));
        batch.AddUncollected("Disk full on {Volume}", DigestLevel.Error, 999, Start.AddSeconds(2));

        var digest = Format(batch);
        var text = digest.Message.Text;

        Assert.Contains("×999,000 · Timeout calling {Service}", text, StringComparison.Ordinal);
        Assert.Equal(999_000, DigestText.GroupCount(text, Timeout));
        Assert.Equal(1_000, DigestText.GroupCount(text, "Disk full on {Volume}"));
        Assert.Contains("… 999,998 events counted in their groups without details: queue full", text, StringComparison.Ordinal);
        Assert.Equal(1_000_000, DigestText.EventCount(text));
        Assert.Equal(999_998, DigestText.UncollectedCount(text));
        Assert.Equal(0, DigestText.DroppedCount(text));
        DigestInvariants.Check(digest, Settings(), 1_000_000, DigestLevel.Error);
    }

    [Fact]
    public void Refused_events_beyond_the_tracked_templates_are_counted_as_not_grouped()
    {
        var batch = new DigestBatch<DigestEvent>(new DigestBatchLimits { MaxGroups = 1 });
        batch.Add(Event(0, DigestLevel.Error, Timeout));
        batch.AddUncollected("Disk full on {Volume}", DigestLevel.Error, 40, Start);

        Assert.Single(batch.Groups);
        Assert.Equal(40, batch.OtherCount);
        Assert.Equal(41, batch.EventCount);
        Assert.Equal(40, DigestText.NotGroupedCount(Format(batch).Message.Text));
    }

    [Fact]
    public void Unattributed_drops_are_written_with_their_levels()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, Timeout));
        batch.AddDropped(DigestLevel.Error, 30);
        batch.AddDropped(DigestLevel.Warning, 7);

        var text = Format(batch).Message.Text;

        Assert.Contains("… 37 events dropped: queue full (30 errors, 7 warnings)", text, StringComparison.Ordinal);
        Assert.Equal(37, DigestText.DroppedCount(text));
        Assert.Equal(1, DigestText.EventCount(text));
    }

    [Fact]
    public void Drops_of_unknown_level_leave_the_level_counts_out()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, Timeout));
        batch.AddDropped(DigestLevel.Error, 30);
        batch.AddDropped(5, DropReason.QueueFull);

        var text = Format(batch).Message.Text;

        Assert.Contains("… 35 events dropped: queue full\n", text, StringComparison.Ordinal);
        Assert.Equal(35, DigestText.DroppedCount(text));
    }

    [Fact]
    public void Clearing_the_batch_forgets_refused_events()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.AddUncollected(Timeout, DigestLevel.Error, 5, Start);
        batch.AddDropped(DigestLevel.Error, 3);

        batch.Clear();
        batch.AddDropped(4, DropReason.QueueFull);

        Assert.Equal(0, batch.Uncollected);
        Assert.Equal(0, batch.EventCount);
        Assert.Empty(batch.Groups);
        Assert.Equal(new long[6], batch.Summarize().DroppedQueueFullLevels);
        Assert.Equal(4, batch.Dropped);
    }
}
