using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Decides what of the groups fits the digest's byte budget, and writes it: each section at the most detailed
/// <see cref="GroupDetail"/> that fits its share, one line for the rest while lines fit, and a count of what did not.
/// Not thread-safe (it reuses its state between digests): the formatter owns one.
/// </summary>
/// <remarks>
/// Without quadratic re-rendering: groups are laid out once each, in priority order. A section tries the levels of
/// detail in turn and keeps the first whose estimated bytes fit its share — half of what is left, so one group cannot
/// starve the rest; only the worst group's shortest form may take all of it, because it must be seen. A section that
/// fits at no level becomes a line; lines follow in priority order while they fit; the remaining groups are counted
/// in the "… N more messages not shown" line (<see cref="AppendNotShown"/>).
/// </remarks>
internal sealed class DigestLayout
{
    private readonly DigestFormatterSettings _settings;
    private readonly DigestGroupRenderer _renderer;
    private Placement[] _placement = new Placement[32];

    public DigestLayout(DigestFormatterSettings settings)
    {
        _settings = settings;
        _renderer = new DigestGroupRenderer(settings);
    }

    private enum Placement
    {
        Hidden,
        Section,
        Line,
    }

    /// <summary>Writes the groups that fit <paramref name="budget"/> estimated bytes.</summary>
    /// <returns>The groups written (sections and lines) and the examples shown.</returns>
    public (int GroupsShown, int EventsShown) AppendGroups(DigestWriter w, IReadOnlyList<ShownGroup> groups, int budget, in DigestTimeFormat time)
    {
        if (_placement.Length < groups.Count)
        {
            _placement = new Placement[Math.Max(groups.Count, _placement.Length * 2)];
        }

        // The groups beyond MaxGroupsShown are only counted: a phone screen is small.
        var limit = Math.Min(groups.Count, Math.Max(0, _settings.MaxGroupsShown));
        var sections = 0;
        var lines = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            _placement[i] = i >= limit ? Placement.Hidden : groups[i].IsSection ? Placement.Section : Placement.Line;
            sections += _placement[i] == Placement.Section ? 1 : 0;
            lines += _placement[i] == Placement.Line ? 1 : 0;
        }

        var used = 0;
        var eventsShown = 0;
        var groupsShown = 0;
        for (var i = 0; i < limit; i++)
        {
            if (_placement[i] != Placement.Section)
            {
                continue;
            }

            sections--;
            var shown = TryAppendSection(w, groups[i], i == 0, budget - used, sections == 0 && lines == 0, time, out var cost);
            if (shown < 0)
            {
                _placement[i] = Placement.Line;
                lines++;
                continue;
            }

            used += cost;
            eventsShown += shown;
            groupsShown++;
        }

        groupsShown += AppendLines(w, groups, limit, budget - used, groupsShown > 0, time);
        return (groupsShown, eventsShown);
    }

    /// <summary>Writes <c>… N more messages not shown: …</c> for the groups <see cref="AppendGroups"/> left out, if any.</summary>
    public void AppendNotShown(DigestWriter w, IReadOnlyList<ShownGroup> groups)
    {
        var levels = new long[DigestLevelText.Count];
        long events = 0;
        var hidden = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            if (_placement[i] != Placement.Hidden)
            {
                continue;
            }

            var group = groups[i];
            hidden++;
            events += group.Count;
            var counts = group.Summary.LevelCounts;
            for (var l = 0; l < levels.Length; l++)
            {
                levels[l] += counts[l];
            }
        }

        if (hidden > 0)
        {
            DigestWording.AppendNotShown(w, hidden, events, levels);
        }
    }

    // Writes the section at the most detailed level that fits; returns the examples shown, or −1 when none fits.
    private int TryAppendSection(DigestWriter w, ShownGroup group, bool isWorst, int remaining, bool isLast, in DigestTimeFormat time, out int cost)
    {
        var levels = GroupDetail.Levels;
        var share = isLast ? remaining : remaining / 2;
        for (var level = 0; level < levels.Count && remaining > 0; level++)
        {
            // The worst group's shortest form may use all that is left: it must be seen.
            var allowed = isWorst && level == levels.Count - 1 ? remaining : share;
            var mark = w.Mark();
            var shown = _renderer.Render(w, group, levels[level], time);
            cost = w.Bytes - mark.Bytes;
            if (cost <= allowed)
            {
                return shown;
            }

            w.Reset(mark);
        }

        cost = 0;
        return -1;
    }

    // The one-line groups, in priority order, while they fit; the rest are hidden (counted).
    private int AppendLines(DigestWriter w, IReadOnlyList<ShownGroup> groups, int limit, int remaining, bool afterSections, in DigestTimeFormat time)
    {
        var written = 0;
        for (var i = 0; i < limit; i++)
        {
            if (_placement[i] != Placement.Line)
            {
                continue;
            }

            var mark = w.Mark();
            if (written == 0 && afterSections)
            {
                w.Raw(DigestWording.AlsoSeen).Paragraph();
            }

            _renderer.RenderLine(w, groups[i], time);
            var cost = w.Bytes - mark.Bytes;
            if (cost > remaining)
            {
                w.Reset(mark);
                for (var j = i; j < limit; j++)
                {
                    _placement[j] = _placement[j] == Placement.Line ? Placement.Hidden : _placement[j];
                }

                break;
            }

            remaining -= cost;
            written++;
        }

        if (written > 0)
        {
            w.Raw('\n');
        }

        return written;
    }
}
