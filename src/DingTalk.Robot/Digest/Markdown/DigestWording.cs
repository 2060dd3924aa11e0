using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Every phrase of the digest a person reads, in one place: the title, the heading, the notes on what the groups do
/// not cover (not grouped, dropped, undelivered), what was left out, the counts-only and last-resort digests, the
/// re-sent mark, and the words inside sections. The counts-only digest uses the same notes as the full one, so a
/// reader — a person or a test adding the digests up — meets each fact in one wording. The level words themselves
/// are in <see cref="DigestLevelText"/>.
/// </summary>
internal static class DigestWording
{
    /// <summary>The app's name when none is configured.</summary>
    public const string DefaultApp = "Application";

    /// <summary>Inserted after the names in the title and the heading of a digest sent again (its first attempt may have arrived).</summary>
    public const string ResentMark = " (re-sent)";

    /// <summary>The template (and so the heading) of the group that counts events whose reader threw.</summary>
    public const string UnreadableEventTemplate = "An event could not be read";

    /// <summary>A group whose template escapes to nothing.</summary>
    public const string NoMessage = "(no message)";

    /// <summary>An exception whose type name cannot be read.</summary>
    public const string UnknownExceptionType = "Exception";

    /// <summary>Why a digest has only its counts: rendering threw.</summary>
    public const string CouldNotBeRendered = "could not be rendered";

    /// <summary>Why a digest has only its counts: no layout fitted the size limit.</summary>
    public const string DidNotFit = "did not fit in one message";

    /// <summary>Why a shown event has no rendering: the reader returned none.</summary>
    public const string NoEventReturned = "no event returned";

    /// <summary>Before the replica's name in fleet mode's last line.</summary>
    public const string SentBy = "sent by ";

    /// <summary>Before <see cref="SentBy"/> while the replica keeps to its local share (Redis unreachable or slow).</summary>
    public const string FleetUnavailable = "\u26A0 fleet coordination unavailable, ";

    /// <summary>The label before the groups listed one per line, after the sections.</summary>
    public const string AlsoSeen = "**Also seen**";

    /// <summary>After a group's sources when it had more than are kept.</summary>
    public const string AndOtherSources = " and others";

    /// <summary>Between an exception and the one it wraps.</summary>
    public const string CausedBy = "> caused by ";

    public const string EventIdLabel = "  EventId = ";

    public const string ScopeLabel = "Scope = ";

    public const string ScopeSeparator = " \u203A ";

    public const string PropertyEquals = " = ";

    public const string NullValue = "null";

    public const string EmptyValue = "(empty)";

    // The most characters of the app name in the title, of a name in the heading, and of an undelivered digest's reason.
    private const int TitleAppChars = 40;
    private const int HeadingNameChars = 80;
    private const int ReasonChars = 200;

    private const string Ellipsis = "\u2026 ";
    private const string Dot = " \u00B7 ";

    /// <summary>
    /// What the notification shows, plain text: <c>[ERROR] OrderService: 3 errors, 12 warnings</c>; without events,
    /// what was dropped or not delivered. <paramref name="markAt"/> is where <see cref="ResentMark"/> goes.
    /// </summary>
    public static string Title(string? app, DigestSummary s, out int markAt)
    {
        // Escaped like the text, although the title is plain: no client should ever find markup or a mention in it.
        var name = MarkdownEscaper.Escape(app, TitleAppChars);
        if (name.Length == 0)
        {
            name = DefaultApp;
        }

        if (s.Story is { IsEmpty: false } story)
        {
            return AlertWording.Title(story, name, out markAt);
        }

        string tag, counts;
        if (s.MaxLevel is { } maxLevel)
        {
            var index = DigestLevelText.Index(maxLevel);
            tag = DigestLevelText.Tag(index);
            counts = DigestLevelText.Counts(s.LevelCounts, index >= DigestLevelText.WarningIndex ? DigestLevelText.WarningIndex : 0);
        }
        else if (s.Dropped > 0)
        {
            tag = "DROPPED";
            counts = Events(s.Dropped) + " dropped";
        }
        else
        {
            tag = "UNDELIVERED";
            counts = Events(s.UndeliveredEvents) + (AnyOutcomeUnknown(s) ? " may not have been delivered" : " not delivered");
        }

        var prefix = "[" + tag + "] " + name;
        markAt = prefix.Length;
        return prefix + ": " + counts;
    }

    /// <summary>
    /// The heading's first line, <c>### OrderService · Production · web-01</c>; returns where <see cref="ResentMark"/> goes.
    /// </summary>
    public static int AppendNames(DigestWriter w, DigestFormatterSettings settings)
    {
        w.Raw("### ");
        w.InlineOr(settings.App, HeadingNameChars, DefaultApp);
        AppendName(w, settings.Environment);
        AppendName(w, settings.Host);
        return w.Length;
    }

    /// <summary>The bold totals, <c>**3 errors, 12 warnings**</c>, or <c>**No new events**</c>.</summary>
    public static void AppendTotals(DigestWriter w, DigestSummary s)
    {
        var counts = DigestLevelText.Counts(s.LevelCounts, 0);
        w.Raw("**").Raw(counts.Length > 0 ? counts : "No new events").Raw("**");
    }

    /// <summary>The counts-only digest's one sentence: why its details are missing.</summary>
    public static void AppendCountsOnlyReason(DigestWriter w, string reason)
        => w.Raw("The details of this digest ").Raw(reason).Raw("; its counts are complete.").Paragraph();

    /// <summary><c>… 80 more messages not shown: 80 events (80 warnings)</c>.</summary>
    public static void AppendNotShown(DigestWriter w, int groups, long events, long[] levelCounts)
    {
        w.Raw(Ellipsis).Number(groups).Raw(groups == 1 ? " more message not shown: " : " more messages not shown: ")
            .Raw(Events(events)).Raw(" (").Raw(DigestLevelText.Counts(levelCounts, 0)).Raw(")").Paragraph();
    }

    /// <summary>What the groups do not cover: events beyond the tracked templates, drops, and lost digests.</summary>
    public static void AppendNotes(DigestWriter w, DigestSummary s)
    {
        if (s.OtherCount > 0)
        {
            w.Raw(Ellipsis).Number(s.OtherCount).Raw(s.OtherCount == 1 ? " more event" : " more events")
                .Raw(" not grouped (more than ").Number(s.MaxGroups).Raw(" distinct messages): ")
                .Raw(DigestLevelText.Counts(s.OtherCounts, 0)).Paragraph();
        }

        if (s.Uncollected > 0)
        {
            // Already in the groups' and the bold line's counts: worded apart from "dropped", which is not.
            w.Raw(Ellipsis).Raw(Events(s.Uncollected)).Raw(" counted in their groups without details: queue full").Paragraph();
        }

        AppendDropped(w, s.DroppedQueueFull, "queue full", s.DroppedQueueFullLevels);
        AppendDropped(w, s.DroppedClosing, "the logger was closing", null);

        foreach (var note in s.UndeliveredNotes)
        {
            w.Raw(Ellipsis).Raw("previous digest of ").Raw(Events(note.Events)).Raw(Outcome(note.OutcomeUnknown));
            var mark = w.Mark();
            w.Raw(": ");
            if (!w.Inline(note.Reason, ReasonChars))
            {
                w.Reset(mark);
            }

            w.Paragraph();
        }

        AppendMoreUndelivered(w, s.MoreFailed, outcomeUnknown: false);
        AppendMoreUndelivered(w, s.MoreOutcomeUnknown, outcomeUnknown: true);
    }

    /// <summary>
    /// Fleet mode's last line: <c>sent by orders-7f9c</c>, or, while the replica keeps to its local share,
    /// <c>⚠ fleet coordination unavailable, sent by orders-7f9c</c>. The name is escaped like any text from outside.
    /// </summary>
    public static void AppendSentBy(DigestWriter w, Content.FleetSignature signature)
    {
        w.Raw(signature.Coordinated ? SentBy : FleetUnavailable + SentBy);
        w.InlineOr(signature.Replica, Fleet.FleetReplicaName.MaxLength, Fleet.FleetReplicaName.Fallback);
        w.Paragraph();
    }

    /// <summary>The list item after a section's examples: <c>- … 499 more</c>.</summary>
    public static void AppendMoreEvents(DigestWriter w, long count) => w.Raw("- ").Raw(Ellipsis).Number(count).Raw(" more\n");

    /// <summary>After an aggregate's type: <c> (2 inner exceptions)</c>.</summary>
    public static void AppendAggregateCount(DigestWriter w, int count)
        => w.Raw(" (").Number(count).Raw(count == 1 ? " inner exception)" : " inner exceptions)");

    /// <summary>Before an aggregate's first inner exception: <c>(1 of 3) </c>.</summary>
    public static void AppendFirstOf(DigestWriter w, int count) => w.Raw("(1 of ").Number(count).Raw(") ");

    /// <summary>The end of a chain cut short: <c>> … more than 100,000 more inner exceptions</c>.</summary>
    public static void AppendMoreInner(DigestWriter w, long count, bool capped)
        => w.Raw("> ").Raw(Ellipsis).Raw(capped ? "more than " : string.Empty).Number(count)
            .Raw(count == 1 ? " more inner exception" : " more inner exceptions");

    /// <summary>The keyword the robot requires, when the text lacks it: <c>— alert</c>.</summary>
    public static void AppendKeyword(DigestWriter w, string keyword)
        // After a dash: a keyword such as "#alert" must not start a line, where it would become a heading.
        => w.Raw("\u2014 ").Raw(keyword).Paragraph();

    /// <summary>The example of an event whose reader threw: what went wrong.</summary>
    public static string UnreadableEventExample(string description) => description ?? string.Empty;

    /// <summary>The example of an event that could not be rendered; <paramref name="why"/> in a word (an exception's type).</summary>
    public static string UnrenderableEvent(string why) => "An event could not be rendered (" + why + ").";

    /// <summary>Shown instead of an exception's message when reading it threw.</summary>
    public static string ExceptionMessageThrew(string typeName) => "(the exception's Message threw " + typeName + ")";

    /// <summary>The last resort, from constants and numbers only: title and text.</summary>
    public static (string Title, string Text) Bare(long events, string? keyword)
    {
        var count = Events(events);
        var text = "Log digest: " + count + " (details unavailable)";
        if (!string.IsNullOrEmpty(keyword))
        {
            text += "\n\n\u2014 " + keyword;
        }

        return ("[DIGEST] " + count, text);
    }

    /// <summary>Where <see cref="ResentMark"/> goes in <see cref="Bare"/>'s title and text.</summary>
    public static (int Title, int Text) BareMarks(string title) => (title.Length, "Log digest".Length);

    private static void AppendName(DigestWriter w, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var mark = w.Mark();
        w.Raw(Dot);
        if (!w.Inline(name, HeadingNameChars))
        {
            w.Reset(mark);
        }
    }

    // "… 37 events dropped: queue full (30 errors, 7 warnings)": the levels when every dropped event's level is known.
    private static void AppendDropped(DigestWriter w, long count, string reason, IReadOnlyList<long>? levels)
    {
        if (count > 0)
        {
            w.Raw(Ellipsis).Raw(Events(count)).Raw(" dropped: ").Raw(reason);
            if (levels is not null && levels.Sum() == count)
            {
                w.Raw(" (").Raw(DigestLevelText.Counts(levels, 0)).Raw(")");
            }

            w.Paragraph();
        }
    }

    // "… 2 more previous digests of 40 events could not be delivered": the same words as a note, so one reading of
    // "previous digest(s) of N events" finds every lost event.
    private static void AppendMoreUndelivered(DigestWriter w, UndeliveredTally tally, bool outcomeUnknown)
    {
        if (tally.Digests > 0)
        {
            w.Raw(Ellipsis).Number(tally.Digests).Raw(tally.Digests == 1 ? " more previous digest of " : " more previous digests of ")
                .Raw(Events(tally.Events)).Raw(Outcome(outcomeUnknown)).Paragraph();
        }
    }

    // A digest whose last attempt got no answer may have been posted: the note must not claim it was lost.
    private static string Outcome(bool outcomeUnknown)
        => outcomeUnknown ? " may not have been delivered (no answer)" : " could not be delivered";

    private static bool AnyOutcomeUnknown(DigestSummary s)
    {
        if (s.MoreOutcomeUnknown.Digests > 0)
        {
            return true;
        }

        foreach (var note in s.UndeliveredNotes)
        {
            if (note.OutcomeUnknown)
            {
                return true;
            }
        }

        return false;
    }

    private static string Events(long n) => DigestLevelText.Number(n) + (n == 1 ? " event" : " events");
}
