using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Testing.Shared;
using static DingTalk.Robot.Tests.Markdown.Scenario;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>
/// The digest of the counts alone (<see cref="DigestBatch{TEvent}.Summarize"/> and
/// <see cref="MarkdownDigestFormatter.FormatCountsOnly"/>): made without touching any event, exception or reader, so
/// it can go out while user code hangs, and worded as the full digest is, so its notes read the same.
/// </summary>
public sealed class CountsOnlyDigestTests
{
    [Fact]
    public void Summarize_reads_only_the_batch_own_numbers_and_strings()
    {
        var trap = new Trap();
        var batch = TrappedBatch(trap);

        var summary = batch.Summarize();

        Assert.Equal(0, trap.Touches);
        Assert.Equal(13, summary.EventCount);
        Assert.Equal(DigestLevel.Fatal, summary.MaxLevel);
        Assert.Equal(new long[] { 0, 0, 0, 8, 4, 1 }, summary.LevelCounts);
        Assert.Equal(
            new[] { ("Disk {Disk} full", 1L), ("Timeout calling {Service}", 3L), ("An event could not be read", 1L), ("Slow query", 8L) },
            summary.Groups.Select(g => (g.Template, g.Count)));
        Assert.Equal(37, summary.DroppedQueueFull);
        Assert.Equal(5, summary.DroppedClosing);
        Assert.Equal(3, summary.UndeliveredNotes.Count);
        Assert.Equal(1, summary.MoreFailed.Digests);
        Assert.Equal(7, summary.MoreFailed.Events);
        Assert.Equal(1, summary.MoreOutcomeUnknown.Digests);
        Assert.Equal(20, summary.MoreOutcomeUnknown.Events);
        Assert.Equal(5, summary.UndeliveredDigests);
        Assert.Equal(20 + 1 + 312 + 7 + 20, summary.UndeliveredEvents);
        Assert.Equal(Start, summary.FirstTimestamp);
        Assert.Equal(Start.AddSeconds(12), summary.LastTimestamp);
    }

    [Fact]
    public void Format_counts_only_never_touches_a_user_object_and_accounts_for_every_event()
    {
        var trap = new Trap();
        var summary = TrappedBatch(trap).Summarize();
        var settings = Settings(s => s.Keyword = "alert");

        var digest = new MarkdownDigestFormatter(settings).FormatCountsOnly(summary, MsgUuid, "took too long to render");

        Assert.Equal(0, trap.Touches);
        Assert.True(digest.IsFallback);
        Assert.Contains("The details of this digest took too long to render; its counts are complete.", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains("- <font color=#B71C1C>FATAL</font> · Disk {Disk} full · 10:00:12\n", digest.Message.Text, StringComparison.Ordinal);
        DigestInvariants.Check(digest, settings, 13, DigestLevel.Fatal);
        Assert.Equal(13, DigestInvariants.AccountedEvents(digest.Message.Text));
        Assert.Equal(13, DigestText.EventCount(digest.Message.Text));
        Assert.Equal(42, DigestText.DroppedCount(digest.Message.Text));
        Assert.Equal(360, DigestText.UndeliveredCount(digest.Message.Text));
    }

    [Fact]
    public void The_counts_only_digest_words_every_note_as_the_full_digest_does()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "Boom"));
        batch.AddDropped(37, DropReason.QueueFull);
        batch.AddDropped(5, DropReason.Closing);
        AddFiveUndelivered(batch);
        var formatter = new MarkdownDigestFormatter(Settings());

        var full = Format(formatter, batch);
        var countsOnly = formatter.FormatCountsOnly(batch.Summarize(), MsgUuid, DigestWording.CouldNotBeRendered);

        Assert.Equal(Notes(full), Notes(countsOnly));
        Assert.Equal(7, Notes(full).Length);
        Assert.Equal(DigestText.DroppedCount(full.Message.Text), DigestText.DroppedCount(countsOnly.Message.Text));
        Assert.Equal(DigestText.UndeliveredCount(full.Message.Text), DigestText.UndeliveredCount(countsOnly.Message.Text));
        Assert.Equal(42, DigestText.DroppedCount(countsOnly.Message.Text));
        Assert.Equal(360, DigestText.UndeliveredCount(countsOnly.Message.Text));
    }

    [Fact]
    public void Counts_only()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "Timeout calling {Service}", "Timeout calling \"payments\"", exception: new TimeoutException("t")));
        batch.Add(Event(4, DigestLevel.Error, "Timeout calling {Service}", "Timeout calling \"tax\""));
        batch.Add(Event(9, DigestLevel.Warning, "Slow query on {Table} took {Elapsed} ms", "Slow query on \"orders\" took 1200 ms"));
        batch.AddDropped(37, DropReason.QueueFull);
        batch.AddUndelivered(312, "errcode 130101: send too fast, exceed 20 times per minute", outcomeUnknown: false);

        var digest = new MarkdownDigestFormatter(Settings()).FormatCountsOnly(batch.Summarize(), MsgUuid, "took too long to render");

        Approvals.Verify(DigestApprovalText.Render(digest), "counts-only");
    }

    [Fact]
    public void A_failing_layout_falls_back_to_the_counts_and_the_counts_to_a_bare_digest()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "Boom"));

        // Not even the heading fits: no layout does, and the counts-only digest does not either.
        var digest = Format(batch, Settings(s =>
        {
            s.MaxBodyBytes = 100;
            s.Keyword = "alert";
        }));

        Assert.True(digest.IsFallback);
        Assert.Equal("[DIGEST] 1 event", digest.Message.Title);
        Assert.Equal("Log digest: 1 event (details unavailable)\n\n— alert", digest.Message.Text);
        Assert.Equal("[DIGEST] 1 event (re-sent)", digest.WithResentMark().Message.Title);
        Assert.StartsWith("Log digest (re-sent): ", digest.WithResentMark().Message.Text, StringComparison.Ordinal);
    }

    internal static void AddFiveUndelivered<TEvent>(DigestBatch<TEvent> batch)
    {
        batch.AddUndelivered(20, "the request timed out after 10 s", outcomeUnknown: true);
        batch.AddUndelivered(1, "HTTP 502 Bad Gateway", outcomeUnknown: false);
        batch.AddUndelivered(312, "errcode 130101: send too fast, exceed 20 times per minute", outcomeUnknown: false);
        batch.AddUndelivered(7, "HTTP 503", outcomeUnknown: false);
        batch.AddUndelivered(20, "the request timed out after 10 s", outcomeUnknown: true);
    }

    private static string[] Notes(FormattedDigest digest)
        => digest.Message.Text.Split('\n').Where(l => l.StartsWith("… ", StringComparison.Ordinal) && !l.Contains("not shown", StringComparison.Ordinal)).ToArray();

    // Thirteen events whose every user object counts being touched: the items, their exception, the reader.
    private static DigestBatch<TrappedItem> TrappedBatch(Trap trap)
    {
        var batch = new DigestBatch<TrappedItem>();
        var exception = new TrappedException(trap);
        void Add(int second, DigestLevel level, string template, Exception? e = null)
            => batch.Add(new FoldedEvent<TrappedItem>(Start.AddSeconds(second), level, template, "Src", e, new TrappedItem(trap)));

        for (var i = 0; i < 8; i++)
        {
            Add(i, DigestLevel.Warning, "Slow query");
        }

        Add(8, DigestLevel.Error, "Timeout calling {Service}", exception);
        Add(9, DigestLevel.Error, "Timeout calling {Service}", exception);
        Add(10, DigestLevel.Error, "Timeout calling {Service}", exception);
        batch.AddUnreadable(Start.AddSeconds(11), "System.InvalidOperationException: a getter threw");
        Add(12, DigestLevel.Fatal, "Disk {Disk} full", exception);
        batch.AddDropped(37, DropReason.QueueFull);
        batch.AddDropped(5, DropReason.Closing);
        AddFiveUndelivered(batch);
        return batch;
    }

    private sealed class Trap
    {
        private int _touches;

        public int Touches => _touches;

        public InvalidOperationException Touch()
        {
            Interlocked.Increment(ref _touches);
            return new InvalidOperationException("a user object was touched");
        }
    }

    private sealed class TrappedItem(Trap trap)
    {
        public override string ToString() => throw trap.Touch();

        public override bool Equals(object? obj) => throw trap.Touch();

        public override int GetHashCode() => throw trap.Touch();
    }

    // Its Message getter is where a hanging user object would hang the digest loop (issue 13, item 3).
    private sealed class TrappedException(Trap trap) : Exception
    {
        public override string Message => throw trap.Touch();

        public override string? StackTrace => throw trap.Touch();

        public override System.Collections.IDictionary Data => throw trap.Touch();

        public override string ToString() => throw trap.Touch();

        public override bool Equals(object? obj) => throw trap.Touch();

        public override int GetHashCode() => throw trap.Touch();
    }
}
