using DingTalk.Robot.Serialization;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Turns a <see cref="DigestBatch"/> into one markdown message for the on-call person's phone: a title that says
/// how bad and how many, a heading with the app, environment, host, counts and time window, then the groups worst
/// first, what was left out, and the mentions. The whole JSON body always fits <see cref="DigestFormatterSettings.MaxBodyBytes"/>.
/// Not thread-safe (it reuses its buffers): the batching loop owns one.
/// </summary>
/// <remarks>
/// <para>
/// Size strategy, without quadratic re-rendering: the fixed parts (heading, notes, keyword, mentions, JSON envelope)
/// are measured first; what is left is the groups' budget. Groups are laid out once each, in priority order (worst
/// level, then most frequent). The worst group and up to ten groups with something to show get a section, at the
/// most detailed <see cref="GroupDetail"/> level whose estimated bytes fit the group's share — half of what is left,
/// so one group cannot starve the rest; only the worst group's shortest form may take all of it. A section that fits
/// at no level, and every other group, gets one line while lines fit; the remaining groups are counted. The estimate
/// (<see cref="JsonByteCost"/>) mirrors the JSON encoder, and the real body is then measured with
/// <see cref="DingTalkMessageWriter"/>; should it still be over, the budget shrinks by the excess and the groups are
/// laid out again (at most <see cref="MaxPasses"/> passes), and after that a counts-only digest is sent.
/// </para>
/// <para>
/// The keyword and the mention tokens are part of the fixed parts, so no truncation can remove them.
/// </para>
/// </remarks>
internal sealed class MarkdownDigestFormatter
{
    private const int MaxPasses = 3;

    // Sections beyond the first ten would bury the top of the digest; later groups get one line each.
    private const int MaxSections = 10;
    private const int TitleAppChars = 40;
    private const int HeadingNameChars = 80;
    private const int ReasonChars = 200;

    // Room kept for the "… N more messages not shown: …" line, written after the groups are laid out.
    private const int NotShownReserve = 320;

    private static readonly Comparison<DigestGroup> Priority = ComparePriority;

    private readonly DigestFormatterSettings _settings;
    private readonly string[] _atMobiles;
    private readonly string[] _atUserIds;
    private readonly DigestGroupRenderer _groupRenderer;
    private readonly DigestWriter _w = new();
    private readonly List<DigestGroup> _sorted = new();
    private GroupState[] _state = new GroupState[32];
    private int[] _allowance = new int[32];

    public MarkdownDigestFormatter(DigestFormatterSettings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _atMobiles = MentionTargets(settings.AtMobiles);
        _atUserIds = MentionTargets(settings.AtUserIds);
        _groupRenderer = new DigestGroupRenderer(settings);
    }

    /// <summary>Formats <paramref name="batch"/>. Never throws: should rendering fail, a digest of the counts alone is returned.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="msgUuid">The idempotency key (the retries of this digest reuse it).</param>
    public FormattedDigest Format(DigestBatch batch, string msgUuid)
    {
        batch ??= new DigestBatch();
        try
        {
            return FormatCore(batch, msgUuid);
        }
        catch (Exception)
        {
            return Fallback(batch, msgUuid, "could not be rendered");
        }
        finally
        {
            _sorted.Clear();
            _groupRenderer.EndDigest();
        }
    }

    private FormattedDigest FormatCore(DigestBatch batch, string msgUuid)
    {
        var max = _settings.MaxBodyBytes;
        var mentions = BuildMentions(batch);
        var title = BuildTitle(batch);
        using var buffer = new PooledBufferWriter();

        // The JSON envelope: everything but the text's content.
        var overhead = Measure(buffer, new MarkdownMessage(title, "x") { At = mentions, MsgUuid = msgUuid }) - 1;

        SortGroups(batch);
        var time = new DigestTimeFormat(batch.FirstTimestamp);

        _w.Clear();
        AppendHeader(batch);
        var afterHeader = _w.Mark();
        AppendNotes(batch);
        var notes = _w.ToString(afterHeader.Length);
        var notesBytes = _w.Bytes - afterHeader.Bytes;
        _w.Reset(afterHeader);

        var budget = max - overhead - afterHeader.Bytes - notesBytes - TailReserve(mentions) - NotShownReserve;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            _w.Reset(afterHeader);
            var (groupsShown, eventsShown) = AppendGroups(budget, time);
            AppendNotShown();
            _w.Raw(notes);
            AppendTail(mentions);
            _w.TrimEnd();

            var message = new MarkdownMessage(title, _w.ToString()) { At = mentions, MsgUuid = msgUuid };
            var bytes = Measure(buffer, message);
            if (bytes <= max)
            {
                return new FormattedDigest(message, bytes, batch.EventCount, eventsShown, groupsShown, batch.Dropped);
            }

            // The estimate was short (a character the encoder escapes unexpectedly): shrink by the excess and lay out again.
            budget -= bytes - max + 256;
        }

        return Fallback(batch, msgUuid, "did not fit in one message");
    }

    private (int GroupsShown, int EventsShown) AppendGroups(int budget, in DigestTimeFormat time)
    {
        var limit = Math.Min(_sorted.Count, Math.Max(0, _settings.MaxGroupsShown));
        if (_state.Length < limit)
        {
            _state = new GroupState[Math.Max(limit, _state.Length * 2)];
            _allowance = new int[_state.Length];
        }

        // Sections for the worst group and for the groups with something to show; one line each for the rest.
        var candidates = 0;
        var lines = 0;
        for (var i = 0; i < limit; i++)
        {
            var section = i == 0 || (candidates < MaxSections && !_groupRenderer.IsTrivial(_sorted[i]));
            _state[i] = section ? GroupState.Section : GroupState.Line;
            candidates += section ? 1 : 0;
            lines += section ? 0 : 1;
        }

        AllocateExamples(limit);
        var levels = GroupDetail.Levels;
        var used = 0;
        var eventsShown = 0;
        var groupsShown = 0;
        for (var i = 0; i < limit; i++)
        {
            if (_state[i] != GroupState.Section)
            {
                continue;
            }

            candidates--;
            var remaining = budget - used;
            var share = candidates == 0 && lines == 0 ? remaining : remaining / 2;
            var placed = false;
            for (var level = 0; level < levels.Count && !placed && remaining > 0; level++)
            {
                // The worst group's shortest form may use all that is left: it must be seen.
                var allowed = i == 0 && level == levels.Count - 1 ? remaining : share;
                var mark = _w.Mark();
                var shown = _groupRenderer.Render(_w, _sorted[i], levels[level], _allowance[i], time);
                var cost = _w.Bytes - mark.Bytes;
                if (cost <= allowed)
                {
                    used += cost;
                    eventsShown += shown;
                    groupsShown++;
                    placed = true;
                }
                else
                {
                    _w.Reset(mark);
                }
            }

            if (!placed)
            {
                _state[i] = GroupState.Line;
                lines++;
            }
        }

        // The one-line groups, in priority order, while they fit; the rest are counted.
        var firstLine = true;
        for (var i = 0; i < limit; i++)
        {
            if (_state[i] != GroupState.Line)
            {
                continue;
            }

            var mark = _w.Mark();
            if (firstLine && groupsShown > 0)
            {
                _w.Raw("**Also seen**").Paragraph();
            }

            _groupRenderer.RenderLine(_w, _sorted[i], time);
            if (_w.Bytes - mark.Bytes > budget - used)
            {
                _w.Reset(mark);
                for (var j = i; j < limit; j++)
                {
                    _state[j] = _state[j] == GroupState.Line ? GroupState.Hidden : _state[j];
                }

                break;
            }

            used += _w.Bytes - mark.Bytes;
            groupsShown++;
            firstLine = false;
        }

        if (!firstLine)
        {
            _w.Raw('\n');
        }

        for (var i = limit; i < _sorted.Count && i < _state.Length; i++)
        {
            _state[i] = GroupState.Hidden;
        }

        return (groupsShown, eventsShown);
    }

    // Spreads MaxEventsShown over the sections in priority order, one round at a time: every section gets its first
    // example before any gets a second.
    private void AllocateExamples(int limit)
    {
        Array.Clear(_allowance, 0, _allowance.Length);
        var budget = Math.Max(0, _settings.MaxEventsShown);
        for (var round = 0; budget > 0; round++)
        {
            var any = false;
            for (var i = 0; i < limit && budget > 0; i++)
            {
                if (_state[i] == GroupState.Section && _sorted[i].ExampleCount > round)
                {
                    _allowance[i]++;
                    budget--;
                    any = true;
                }
            }

            if (!any)
            {
                break;
            }
        }
    }

    private void AppendHeader(DigestBatch batch)
    {
        _w.Raw("### ");
        AppendNames();
        _w.Paragraph();

        _w.Raw("**");
        var counts = DigestLevelText.Counts(batch.LevelCounts, 0);
        _w.Raw(counts.Length > 0 ? counts : "No new events");
        _w.Raw("**");
        if (batch.FirstTimestamp is { } first && batch.LastTimestamp is { } last)
        {
            _w.HardBreak().Raw(DigestTimeFormat.Window(first, last));
        }

        _w.Paragraph();
    }

    private void AppendNames()
    {
        _w.InlineOr(_settings.App, HeadingNameChars, "Application");
        if (!string.IsNullOrEmpty(_settings.Environment))
        {
            var mark = _w.Mark();
            _w.Raw(" \u00B7 ");
            if (!_w.Inline(_settings.Environment, HeadingNameChars))
            {
                _w.Reset(mark);
            }
        }

        if (!string.IsNullOrEmpty(_settings.Host))
        {
            var mark = _w.Mark();
            _w.Raw(" \u00B7 ");
            if (!_w.Inline(_settings.Host, HeadingNameChars))
            {
                _w.Reset(mark);
            }
        }
    }

    // "… 80 more messages not shown: 80 events (80 warnings)".
    private void AppendNotShown()
    {
        var levels = new long[DigestLevelText.Count];
        long events = 0;
        var hidden = 0;
        for (var i = 0; i < _sorted.Count; i++)
        {
            if (i < _state.Length && _state[i] != GroupState.Hidden)
            {
                continue;
            }

            var group = _sorted[i];
            hidden++;
            events += group.Count;
            var counts = group.LevelCounts;
            for (var l = 0; l < levels.Length; l++)
            {
                levels[l] += counts[l];
            }
        }

        if (hidden == 0)
        {
            return;
        }

        _w.Raw("\u2026 ").Number(hidden).Raw(hidden == 1 ? " more message not shown: " : " more messages not shown: ")
            .Number(events).Raw(events == 1 ? " event (" : " events (").Raw(DigestLevelText.Counts(levels, 0)).Raw(")");
        _w.Paragraph();
    }

    // What the groups do not cover: events beyond the tracked templates, queue drops and lost digests.
    private void AppendNotes(DigestBatch batch)
    {
        if (batch.OtherCount > 0)
        {
            _w.Raw("\u2026 ").Number(batch.OtherCount).Raw(batch.OtherCount == 1 ? " more event" : " more events")
                .Raw(" not grouped (more than ").Number(batch.MaxGroups).Raw(" distinct messages): ")
                .Raw(DigestLevelText.Counts(batch.OtherCounts, 0));
            _w.Paragraph();
        }

        if (batch.Dropped > 0)
        {
            _w.Raw("\u2026 ").Number(batch.Dropped).Raw(batch.Dropped == 1 ? " event dropped: queue full" : " events dropped: queue full");
            _w.Paragraph();
        }

        long noted = 0;
        foreach (var note in batch.UndeliveredNotes)
        {
            noted += note.Events;
            _w.Raw("\u2026 previous digest of ").Number(note.Events).Raw(note.Events == 1 ? " event" : " events")
                .Raw(" could not be delivered");
            var mark = _w.Mark();
            _w.Raw(": ");
            if (!_w.Inline(note.Reason, ReasonChars))
            {
                _w.Reset(mark);
            }

            _w.Paragraph();
        }

        var more = batch.UndeliveredDigests - batch.UndeliveredNotes.Count;
        if (more > 0)
        {
            var events = Math.Max(0, batch.UndeliveredEvents - noted);
            _w.Raw("\u2026 ").Number(more).Raw(more == 1 ? " more previous digest (" : " more previous digests (")
                .Number(events).Raw(events == 1 ? " event) could not be delivered" : " events) could not be delivered");
            _w.Paragraph();
        }
    }

    // The keyword (when the text lacks it) and the @-tokens, last, where the robot needs them.
    private void AppendTail(Mentions? mentions)
    {
        var keyword = _settings.Keyword;
        if (!string.IsNullOrEmpty(keyword) && !_w.Contains(keyword!))
        {
            // After a dash: a keyword such as "#alert" must not start a line, where it would become a heading.
            _w.Raw("\u2014 ").Raw(keyword!).Paragraph();
        }

        if (mentions is null)
        {
            return;
        }

        var any = false;
        foreach (var mobile in _atMobiles)
        {
            _w.Raw(any ? " @" : "@").Raw(mobile);
            any = true;
        }

        foreach (var userId in _atUserIds)
        {
            _w.Raw(any ? " @" : "@").Raw(userId);
            any = true;
        }
    }

    private int TailReserve(Mentions? mentions)
    {
        var bytes = 0;
        if (!string.IsNullOrEmpty(_settings.Keyword))
        {
            bytes += JsonByteCost.Of(_settings.Keyword) + 8;
        }

        if (mentions is not null)
        {
            foreach (var mobile in _atMobiles)
            {
                bytes += JsonByteCost.Of(mobile) + 2;
            }

            foreach (var userId in _atUserIds)
            {
                bytes += JsonByteCost.Of(userId) + 2;
            }
        }

        return bytes;
    }

    private Mentions? BuildMentions(DigestBatch batch)
    {
        if (batch.MaxLevel is not { } level
            || DigestLevelText.Index(level) < DigestLevelText.Index(_settings.MentionLevel)
            || (_atMobiles.Length == 0 && _atUserIds.Length == 0 && !_settings.AtAll))
        {
            return null;
        }

        return new Mentions
        {
            AtMobiles = new List<string>(_atMobiles),
            AtUserIds = new List<string>(_atUserIds),
            IsAtAll = _settings.AtAll,
        };
    }

    // The same list goes into "at" and into the text: a mention only works when both have it. Blank entries would
    // put a bare "@" in the text, so they are left out of both.
    private static string[] MentionTargets(IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return Array.Empty<string>();
        }

        var list = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i]?.Trim();
            if (!string.IsNullOrEmpty(value))
            {
                list.Add(value!);
            }
        }

        return list.ToArray();
    }

    // "[ERROR] OrderService: 3 errors, 12 warnings" — what the notification shows. Plain text, not markdown.
    private string BuildTitle(DigestBatch batch)
    {
        // Escaped like the text, although the title is plain: no client should ever find markup or a mention in it.
        var app = MarkdownEscaper.Escape(_settings.App, TitleAppChars);
        if (app.Length == 0)
        {
            app = "Application";
        }

        if (batch.MaxLevel is { } maxLevel)
        {
            var index = DigestLevelText.Index(maxLevel);
            var counts = DigestLevelText.Counts(batch.LevelCounts, index >= DigestLevelText.WarningIndex ? DigestLevelText.WarningIndex : 0);
            return "[" + DigestLevelText.Tag(index) + "] " + app + ": " + counts;
        }

        if (batch.Dropped > 0)
        {
            return "[DROPPED] " + app + ": " + DigestLevelText.Number(batch.Dropped) + (batch.Dropped == 1 ? " event dropped" : " events dropped");
        }

        return "[UNDELIVERED] " + app + ": " + DigestLevelText.Number(batch.UndeliveredEvents)
            + (batch.UndeliveredEvents == 1 ? " event not delivered" : " events not delivered");
    }

    private void SortGroups(DigestBatch batch)
    {
        _sorted.Clear();
        var groups = batch.Groups;
        for (var i = 0; i < groups.Count; i++)
        {
            _sorted.Add(groups[i]);
        }

        _sorted.Sort(Priority);
    }

    // Worst level first, then the most frequent, then the earliest; the template breaks ties so the order is stable.
    private enum GroupState
    {
        Hidden,
        Section,
        Line,
    }

    private static int ComparePriority(DigestGroup a, DigestGroup b)
    {
        var c = b.MaxLevelIndex.CompareTo(a.MaxLevelIndex);
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

    private static int Measure(PooledBufferWriter buffer, MarkdownMessage message)
    {
        buffer.Clear();
        DingTalkMessageWriter.Write(buffer, message);
        return buffer.WrittenCount;
    }

    // The counts alone: heading, totals, notes, keyword and mentions. Used when rendering throws or cannot fit.
    /// <summary>The digest of the batch's counts alone, reading no event (for a rendering that hangs).</summary>
    public FormattedDigest FormatCountsOnly(DigestBatch batch, string msgUuid, string why) => Fallback(batch, msgUuid, why);

    private FormattedDigest Fallback(DigestBatch batch, string msgUuid, string why)
    {
        try
        {
            var mentions = BuildMentions(batch);
            _w.Clear();
            AppendHeader(batch);
            _w.Raw("The details of this digest ").Raw(why).Raw("; the counts above are complete.");
            _w.Paragraph();
            if (batch.Dropped > 0)
            {
                _w.Raw("\u2026 ").Number(batch.Dropped).Raw(" dropped: queue full").Paragraph();
            }

            if (batch.UndeliveredDigests > 0)
            {
                _w.Raw("\u2026 ").Number(batch.UndeliveredDigests).Raw(" previous digest(s) of ").Number(batch.UndeliveredEvents)
                    .Raw(" events could not be delivered").Paragraph();
            }

            AppendTail(mentions);
            _w.TrimEnd();
            var message = new MarkdownMessage(BuildTitle(batch), _w.ToString()) { At = mentions, MsgUuid = msgUuid };
            using var buffer = new PooledBufferWriter();
            return new FormattedDigest(message, Measure(buffer, message), batch.EventCount, 0, 0, batch.Dropped, isFallback: true);
        }
        catch (Exception)
        {
            return Bare(batch, msgUuid);
        }
    }

    // The last resort: built from constants and numbers only.
    private FormattedDigest Bare(DigestBatch batch, string msgUuid)
    {
        var text = "Log digest: " + DigestLevelText.Number(batch.EventCount) + " events (details unavailable)";
        if (!string.IsNullOrEmpty(_settings.Keyword))
        {
            text += "\n\n\u2014 " + _settings.Keyword;
        }

        var message = new MarkdownMessage("[DIGEST] " + DigestLevelText.Number(batch.EventCount) + " events", text) { MsgUuid = msgUuid };
        int bytes;
        try
        {
            bytes = DingTalkMessageWriter.ToUtf8Bytes(message).Length;
        }
        catch (Exception)
        {
            bytes = 0;
        }

        return new FormattedDigest(message, bytes, batch.EventCount, 0, 0, batch.Dropped, isFallback: true);
    }
}
