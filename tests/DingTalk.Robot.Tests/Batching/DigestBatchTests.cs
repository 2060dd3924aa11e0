using DingTalk.Robot.Digest;
using static DingTalk.Robot.Tests.Markdown.Scenario;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Tests.Batching;

public sealed class DigestBatchTests
{
    [Fact]
    public void A_hundred_thousand_distinct_templates_keep_at_most_max_groups_and_exact_counts()
    {
        var batch = new DigestBatch<DigestEvent>();
        var levels = new[] { DigestLevel.Information, DigestLevel.Warning, DigestLevel.Error };
        for (var i = 0; i < 100_000; i++)
        {
            batch.Add(new DigestEvent(Start.AddMilliseconds(i), levels[i % 3], "Template " + i, "Message " + i));
        }

        Assert.Equal(100_000, batch.EventCount);
        Assert.True(batch.Groups.Count <= batch.MaxGroups);
        Assert.Equal(100, batch.Groups.Count);
        Assert.Equal(100_000, SumOfGroups(batch) + batch.OtherCount);
        foreach (var level in levels)
        {
            Assert.Equal(33_333 + (level == DigestLevel.Information ? 1 : 0), batch.CountOf(level));
        }

        // Worse templates displaced the milder ones: every group is an error.
        Assert.All(batch.Groups, g => Assert.Equal(DigestLevel.Error, g.MaxLevel));
        Assert.Equal(Start, batch.FirstTimestamp);
        Assert.Equal(Start.AddMilliseconds(99_999), batch.LastTimestamp);
    }

    [Fact]
    public void A_fatal_arriving_after_a_flood_of_distinct_warnings_gets_a_group()
    {
        var batch = new DigestBatch<DigestEvent>(new DigestBatchLimits { MaxGroups = 10 });
        for (var i = 0; i < 1000; i++)
        {
            batch.Add(Event(i, DigestLevel.Warning, "Warning " + i));
        }

        batch.Add(Event(2000, DigestLevel.Fatal, "Disk full"));
        batch.Add(Event(2001, DigestLevel.Warning, "Warning 5"));

        Assert.Contains(batch.Groups, g => g.Template == "Disk full" && g.MaxLevel == DigestLevel.Fatal);
        Assert.Equal(10, batch.Groups.Count);
        Assert.Equal(1002, SumOfGroups(batch) + batch.OtherCount);
        Assert.Equal(1001, batch.CountOf(DigestLevel.Warning));
        Assert.Equal(DigestLevel.Fatal, batch.MaxLevel);
    }

    [Fact]
    public void An_evicted_group_gets_no_more_events_through_the_last_template_shortcut()
    {
        var batch = new DigestBatch<DigestEvent>(new DigestBatchLimits { MaxGroups = 1 });
        const string warning = "Slow query on {Table}";
        batch.Add(Event(0, DigestLevel.Warning, warning));
        batch.Add(Event(1, DigestLevel.Warning, warning));
        batch.Add(Event(2, DigestLevel.Fatal, "Disk full"));
        batch.Add(Event(3, DigestLevel.Warning, warning));

        var group = Assert.Single(batch.Groups);
        Assert.Equal("Disk full", group.Template);
        Assert.Equal(1, group.Count);
        Assert.Equal(3, batch.OtherCount);
        Assert.Equal(4, batch.EventCount);
    }

    [Fact]
    public void A_group_keeps_the_first_examples_and_the_latest()
    {
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < 1000; i++)
        {
            batch.Add(Event(i, DigestLevel.Error, "Timeout calling {Service}", "call " + i, exception: i == 10 ? new TimeoutException("first") : i == 20 ? new TimeoutException("second") : null));
        }

        var group = Assert.Single(batch.Groups);
        Assert.Equal(1000, group.Count);
        Assert.Equal(3, group.ExampleCount);
        Assert.Equal(new[] { "call 0", "call 1", "call 999" }, new[] { group.GetExample(0).Item.RenderedMessage, group.GetExample(1).Item.RenderedMessage, group.GetExample(2).Item.RenderedMessage });
        Assert.Equal("first", group.FirstException?.Message);
        Assert.Equal(Start, group.FirstSeen);
        Assert.Equal(Start.AddSeconds(999), group.LastSeen);
    }

    [Fact]
    public void Sources_are_bounded()
    {
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < 50; i++)
        {
            batch.Add(Event(i, DigestLevel.Error, "Same", source: "Source" + (i % 10)));
        }

        var group = Assert.Single(batch.Groups);
        Assert.Equal(3, group.SourceCount);
        Assert.True(group.MoreSources);
        Assert.Equal("Source0", group.GetSource(0));
    }

    [Fact]
    public void Templates_are_compared_ordinally()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "Straße"));
        batch.Add(Event(0, DigestLevel.Error, "Strasse"));
        batch.Add(Event(0, DigestLevel.Error, "strasse"));

        Assert.Equal(3, batch.Groups.Count);
    }

    [Fact]
    public void Timestamps_are_the_earliest_and_latest_whatever_the_arrival_order()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(50, DigestLevel.Warning, "a"));
        batch.Add(Event(-10, DigestLevel.Warning, "a"));
        batch.Add(Event(99, DigestLevel.Warning, "b"));
        batch.Add(Event(0, DigestLevel.Warning, "b"));

        Assert.Equal(Start.AddSeconds(-10), batch.FirstTimestamp);
        Assert.Equal(Start.AddSeconds(99), batch.LastTimestamp);
    }

    [Fact]
    public void A_level_group_records_its_mix_and_worst_level()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Warning, "Timeout"));
        batch.Add(Event(1, DigestLevel.Error, "Timeout"));
        batch.Add(Event(2, DigestLevel.Warning, "Timeout"));

        var group = Assert.Single(batch.Groups);
        Assert.Equal(DigestLevel.Error, group.MaxLevel);
        Assert.Equal(2, group.CountOf(DigestLevel.Warning));
        Assert.Equal(1, group.CountOf(DigestLevel.Error));
    }

    [Fact]
    public void Levels_outside_the_enum_are_clamped_and_null_is_ignored()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, (DigestLevel)42, "high"));
        batch.Add(Event(0, (DigestLevel)(-7), "low"));
        batch.Add(null!);

        Assert.Equal(2, batch.EventCount);
        Assert.Equal(DigestLevel.Fatal, batch.MaxLevel);
        Assert.Equal(1, batch.CountOf(DigestLevel.Verbose));
    }

    [Fact]
    public void Drops_and_undelivered_digests_are_counted_and_make_the_batch_non_empty()
    {
        var batch = new DigestBatch<DigestEvent>();
        Assert.True(batch.IsEmpty);
        Assert.Null(batch.MaxLevel);
        Assert.Null(batch.FirstTimestamp);

        batch.AddDropped(0, DropReason.QueueFull);
        batch.AddDropped(-5, DropReason.QueueFull);
        Assert.True(batch.IsEmpty);

        batch.AddDropped(37, DropReason.QueueFull);
        batch.AddDropped(long.MaxValue, DropReason.QueueFull);
        Assert.False(batch.IsEmpty);
        Assert.Equal(long.MaxValue, batch.Dropped);

        batch.Clear();
        for (var i = 0; i < 5; i++)
        {
            batch.AddUndelivered(100 + i, "reason " + i, outcomeUnknown: false);
        }

        Assert.False(batch.IsEmpty);
        Assert.Equal(5, batch.UndeliveredDigests);
        Assert.Equal(510, batch.UndeliveredEvents);
        Assert.Equal(3, batch.UndeliveredNotes.Count);
    }

    [Fact]
    public void Drops_are_counted_by_reason()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.AddDropped(37, DropReason.QueueFull);
        batch.AddDropped(5, DropReason.Closing);
        batch.AddDropped(2, DropReason.Closing);

        Assert.Equal(37, batch.DroppedFor(DropReason.QueueFull));
        Assert.Equal(7, batch.DroppedFor(DropReason.Closing));
        Assert.Equal(44, batch.Dropped);
        Assert.False(batch.IsEmpty);
    }

    [Fact]
    public void Undelivered_digests_beyond_the_notes_are_tallied_by_outcome()
    {
        var batch = new DigestBatch<DigestEvent>(new DigestBatchLimits { UndeliveredNotes = 1 });
        batch.AddUndelivered(10, "first", outcomeUnknown: true);
        batch.AddUndelivered(20, "failed", outcomeUnknown: false);
        batch.AddUndelivered(30, "failed", outcomeUnknown: false);
        batch.AddUndelivered(40, "timed out", outcomeUnknown: true);

        var note = Assert.Single(batch.UndeliveredNotes);
        Assert.True(note.OutcomeUnknown);
        Assert.Equal(10, note.Events);
        Assert.Equal(2, batch.UndeliveredBeyondNotes(outcomeUnknown: false).Digests);
        Assert.Equal(50, batch.UndeliveredBeyondNotes(outcomeUnknown: false).Events);
        Assert.Equal(1, batch.UndeliveredBeyondNotes(outcomeUnknown: true).Digests);
        Assert.Equal(40, batch.UndeliveredBeyondNotes(outcomeUnknown: true).Events);
        Assert.Equal(4, batch.UndeliveredDigests);
        Assert.Equal(100, batch.UndeliveredEvents);
    }

    [Fact]
    public void An_unreadable_event_is_counted_as_an_error_in_its_own_group()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Warning, "w"));
        batch.AddUnreadable(Start.AddSeconds(3), "System.FormatException: bad");
        batch.AddUnreadable(Start.AddSeconds(4), "System.FormatException: worse");

        var group = Assert.Single(batch.Groups, g => g.Template == "An event could not be read");
        Assert.Equal(2, group.Count);
        Assert.Equal(DigestLevel.Error, group.MaxLevel);
        Assert.Equal("System.FormatException: bad", group.GetExample(0).Unreadable?.Description);
        Assert.Equal(Start.AddSeconds(4), group.GetExample(1).Unreadable?.At);
        Assert.Null(group.GetExample(0).Item);
        Assert.Equal(3, batch.EventCount);
        Assert.Equal(2, batch.CountOf(DigestLevel.Error));
        Assert.Equal(DigestLevel.Error, batch.MaxLevel);
    }

    [Fact]
    public void Groups_by_priority_are_worst_then_most_frequent_then_earliest_then_by_template()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(5, DigestLevel.Warning, "w"));
        batch.Add(Event(6, DigestLevel.Error, "e-late"));
        batch.Add(Event(1, DigestLevel.Error, "e-early"));
        batch.Add(Event(7, DigestLevel.Error, "e-twice"));
        batch.Add(Event(8, DigestLevel.Error, "e-twice"));
        batch.Add(Event(6, DigestLevel.Error, "e-late-b"));

        Assert.Equal(new[] { "e-twice", "e-early", "e-late", "e-late-b", "w" }, batch.GroupsByPriority().Select(g => g.Template));
        Assert.Equal(new[] { "e-twice", "e-early", "e-late", "e-late-b", "w" }, batch.Summarize().Groups.Select(g => g.Template));
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "x"));
        batch.AddDropped(3, DropReason.QueueFull);
        batch.AddDropped(3, DropReason.Closing);
        batch.AddUndelivered(4, "r", outcomeUnknown: false);
        batch.AddUnreadable(Start, "u");

        batch.Clear();

        Assert.True(batch.IsEmpty);
        Assert.Equal(0, batch.EventCount);
        Assert.Empty(batch.Groups);
        Assert.Null(batch.MaxLevel);
        Assert.Null(batch.LastTimestamp);
        Assert.Equal(0, batch.OtherCount);
        Assert.Equal(0, batch.CountOf(DigestLevel.Error));
        Assert.Equal(0, batch.Dropped);
        Assert.Equal(0, batch.UndeliveredEvents);
        Assert.Empty(batch.UndeliveredNotes);
        Assert.Empty(batch.Summarize().Groups);
    }

    private static long SumOfGroups(DigestBatch<DigestEvent> batch)
    {
        long sum = 0;
        foreach (var g in batch.Groups)
        {
            sum += g.Count;
        }

        return sum;
    }
}
