using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Markdown.Text;
using DingTalk.Robot.Serialization;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Turns a digest's content into one markdown message for the on-call person's phone: a title that says how bad and
/// how many, a heading with the app, environment, host, counts and time window, then the groups worst first
/// (<see cref="DigestLayout"/>), what was left out, and the mentions. The whole JSON body always fits
/// <see cref="DigestFormatterSettings.MaxBodyBytes"/>, with room to spare for the re-sent mark
/// (<see cref="FormattedDigest.WithResentMark"/>).
/// A pure function of its input and settings: the content holds strings and numbers only, read beforehand by
/// <see cref="DigestContent.From"/>. Not thread-safe (it reuses its buffers): the digest loop owns one.
/// </summary>
/// <remarks>
/// Size strategy: the fixed parts (heading, notes, keyword, mentions, JSON envelope, re-sent mark) are measured first;
/// what is left is the groups' budget. The layout's estimate (<see cref="JsonByteCost"/>) mirrors the JSON encoder, and
/// the real body is then measured with <see cref="DingTalkMessageWriter"/>; should it still be over, the budget shrinks
/// by the excess and the groups are laid out again (at most <see cref="MaxPasses"/> passes), and after that a
/// counts-only digest is sent.
/// </remarks>
internal sealed class MarkdownDigestFormatter
{
    private const int MaxPasses = 3;

    // Room kept for the "… N more messages not shown: …" line, written after the groups are laid out.
    private const int NotShownReserve = 320;

    // Story lines of groups without events in the digest: each is short (a capped label), so ten stay well within budget.
    private const int MaxElsewhereLines = 10;

    // The re-sent mark goes into the title and the heading of a digest sent again: its room is kept in every digest,
    // so a retry never has to shorten what it resends.
    private static readonly int ResentReserve = 2 * JsonByteCost.Of(DigestWording.ResentMark);

    private readonly DigestFormatterSettings _settings;
    private readonly DigestMentions _mentions;
    private readonly DigestLayout _layout;
    private readonly DigestWriter _w = new();

    public MarkdownDigestFormatter(DigestFormatterSettings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _mentions = new DigestMentions(settings);
        _layout = new DigestLayout(settings);
    }

    /// <summary>What the formatter was made with; <see cref="DigestContent.From"/> reads its limits.</summary>
    public DigestFormatterSettings Settings => _settings;

    /// <summary>Formats <paramref name="content"/>. Never throws: should rendering fail, a digest of the counts alone is returned.</summary>
    /// <param name="content">What to show (<see cref="DigestContent.From"/>).</param>
    /// <param name="msgUuid">The idempotency key (the retries of this digest reuse it).</param>
    /// <param name="sentBy">Fleet mode: the replica that sends it, written near the end; <see langword="null"/> otherwise.</param>
    public FormattedDigest Format(DigestContent content, string msgUuid, FleetSignature? sentBy = null)
    {
        content ??= DigestContent.Empty;
        FormattedDigest? digest;
        try
        {
            digest = Compose(content, msgUuid, sentBy);
        }
        catch (Exception)
        {
            return FormatCountsOnly(content.Summary, msgUuid, DigestWording.CouldNotBeRendered, sentBy);
        }

        return digest ?? FormatCountsOnly(content.Summary, msgUuid, DigestWording.DidNotFit, sentBy);
    }

    /// <summary>
    /// A digest of the counts alone: heading, totals, one line per group while they fit, the notes, keyword and
    /// mentions — in the same words as a full digest. Reads <paramref name="summary"/> only, so it can be made while
    /// user code (a reader, an exception's Message) hangs. Never throws.
    /// </summary>
    /// <param name="summary">The batch's numbers and strings (<see cref="DigestBatch{TEvent}.Summarize"/>).</param>
    /// <param name="msgUuid">The idempotency key.</param>
    /// <param name="reason">Why the details are missing, completing "The details of this digest …" (e.g. "could not be rendered").</param>
    /// <param name="sentBy">Fleet mode: the replica that sends it; <see langword="null"/> otherwise.</param>
    public FormattedDigest FormatCountsOnly(DigestSummary summary, string msgUuid, string reason, FleetSignature? sentBy = null)
    {
        summary ??= DigestSummary.Empty;
        try
        {
            return Compose(DigestContent.CountsOnly(summary, reason), msgUuid, sentBy) ?? Bare(summary, msgUuid);
        }
        catch (Exception)
        {
            return Bare(summary, msgUuid);
        }
    }

    // Lays the content out within the limit; null when no pass fits.
    private FormattedDigest? Compose(DigestContent content, string msgUuid, FleetSignature? sentBy)
    {
        var summary = content.Summary;
        var max = _settings.MaxBodyBytes - ResentReserve;
        var mentions = _mentions.For(summary);
        var title = DigestWording.Title(_settings.App, summary, out var titleMarkAt);
        using var buffer = new PooledBufferWriter();

        // The JSON envelope: everything but the text's content.
        var overhead = Measure(buffer, new MarkdownMessage(title, "x") { At = mentions, MsgUuid = msgUuid }) - 1;
        // A digest with no events (a group gone quiet) writes its times against the story's.
        var time = new DigestTimeFormat(summary.FirstTimestamp ?? (summary.Story is { Elsewhere.Count: > 0 } story ? story.Elsewhere[0].LastSeen : null), _settings.TimeZone);

        _w.Clear();
        var textMarkAt = AppendHeader(summary);
        if (content.CountsOnlyReason is { } reason)
        {
            DigestWording.AppendCountsOnlyReason(_w, reason);
        }

        var afterHeader = _w.Mark();
        AppendElsewhere(summary, time);
        DigestWording.AppendNotes(_w, summary);
        if (sentBy is not null)
        {
            DigestWording.AppendSentBy(_w, sentBy);
        }

        var notes = _w.ToString(afterHeader.Length);
        var notesBytes = _w.Bytes - afterHeader.Bytes;

        var budget = max - overhead - afterHeader.Bytes - notesBytes - _mentions.TailReserve(mentions) - NotShownReserve;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            _w.Reset(afterHeader);
            var (groupsShown, eventsShown) = _layout.AppendGroups(_w, content.Groups, budget, time);
            _layout.AppendNotShown(_w, content.Groups);
            _w.Raw(notes);
            _mentions.AppendTail(_w, mentions);
            _w.TrimEnd();

            var message = new MarkdownMessage(title, _w.ToString()) { At = mentions, MsgUuid = msgUuid };
            var bytes = Measure(buffer, message);
            if (bytes <= max)
            {
                var marks = new ResentMarkPositions(titleMarkAt, textMarkAt);
                return new FormattedDigest(message, bytes, summary, eventsShown, groupsShown, isFallback: content.CountsOnlyReason is not null, marks);
            }

            // The estimate was short (a character the encoder escapes unexpectedly): shrink by the excess and lay out again.
            budget -= bytes - max + 256;
        }

        return null;
    }

    // "### OrderService · Production · web-01", the bold totals and the window; returns where the re-sent mark goes.
    private int AppendHeader(DigestSummary summary)
    {
        var markAt = DigestWording.AppendNames(_w, _settings);
        _w.Paragraph();
        DigestWording.AppendTotals(_w, summary);
        if (summary.FirstTimestamp is { } first && summary.LastTimestamp is { } last)
        {
            _w.HardBreak().Raw(DigestTimeFormat.Window(first, last, _settings.TimeZone));
        }

        _w.Paragraph();
        return markAt;
    }

    // The groups the story tells that have no events in this digest (gone quiet, typically): one line each, a few at most.
    private void AppendElsewhere(DigestSummary summary, in DigestTimeFormat time)
    {
        if (summary.Story is not { Elsewhere.Count: > 0 } story)
        {
            return;
        }

        var shown = Math.Min(story.Elsewhere.Count, MaxElsewhereLines);
        for (var i = 0; i < shown; i++)
        {
            var verdict = story.Elsewhere[i];
            AlertWording.AppendElsewhereLine(_w, verdict, DigestLevelText.Tag(verdict.LevelIndex), time);
        }

        if (story.Elsewhere.Count > shown)
        {
            AlertWording.AppendMoreElsewhere(_w, story.Elsewhere.Count - shown);
        }

        _w.Raw('\n');
    }

    // The last resort: built from constants and numbers only.
    private FormattedDigest Bare(DigestSummary summary, string msgUuid)
    {
        var (title, text) = DigestWording.Bare(summary.EventCount, _settings.Keyword);
        var message = new MarkdownMessage(title, text) { MsgUuid = msgUuid };
        int bytes;
        try
        {
            bytes = DingTalkMessageWriter.ToUtf8Bytes(message).Length;
        }
        catch (Exception)
        {
            bytes = 0;
        }

        var (titleMarkAt, textMarkAt) = DigestWording.BareMarks(title);
        return new FormattedDigest(message, bytes, summary, 0, 0, isFallback: true, new ResentMarkPositions(titleMarkAt, textMarkAt));
    }

    private static int Measure(PooledBufferWriter buffer, MarkdownMessage message)
    {
        buffer.Clear();
        DingTalkMessageWriter.Write(buffer, message);
        return buffer.WrittenCount;
    }
}
