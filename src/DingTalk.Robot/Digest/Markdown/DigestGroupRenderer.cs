using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Renders one group, either as a section — a heading with the level, the count and the template; a line with when,
/// where from and the level mix; a few examples (<see cref="ExampleRenderer"/>); the group's first exception — or, for
/// the groups with nothing more to say or no room left, as one list line.
/// </summary>
/// <example>
/// <code>
/// #### ERROR ×500 · Timeout calling {Service}
///
/// 10:00:01 – 10:04:59 · OrderService.Http · 480 errors, 20 warnings
///
/// - 10:00:01 Timeout calling "payments"
///   RequestId = 8f2c · Attempt = 3
/// - … 499 more
///
/// > **System.TimeoutException**: The operation has timed out.
/// > at OrderService.Http.Client.SendAsync() in Client.cs:line 42
/// </code>
/// </example>
internal sealed class DigestGroupRenderer
{
    private const int SourceChars = 80;
    private const int LineTemplateChars = 80;

    private readonly DigestFormatterSettings _settings;
    private readonly ExampleRenderer _examples;
    private readonly LinkRenderer _links;

    public DigestGroupRenderer(DigestFormatterSettings settings)
    {
        _settings = settings;
        _examples = new ExampleRenderer(settings);
        _links = new LinkRenderer(settings);
    }

    /// <summary>Writes <paramref name="group"/> as a section at <paramref name="detail"/>.</summary>
    /// <param name="w">The digest text.</param>
    /// <param name="group">The group.</param>
    /// <param name="detail">How much to show.</param>
    /// <param name="time">How to write times.</param>
    /// <returns>The number of examples written.</returns>
    public int Render(DigestWriter w, ShownGroup group, GroupDetail detail, in DigestTimeFormat time)
    {
        AppendHeading(w, group, detail);
        if (group.Summary.Verdict is { } verdict)
        {
            AlertWording.AppendStateLine(w, verdict, time);
        }

        // Showing k of the examples read: the first k − 1 and the latest, so the list spans the whole window. An
        // example that would be a bare timestamp (its message is the template, no properties) is skipped.
        var examples = group.Examples;
        var selected = Math.Min(examples.Count, detail.MaxExamples);
        var informative = 0;
        for (var i = 0; i < selected; i++)
        {
            if (_examples.IsInformative(examples[Pick(examples.Count, selected, i)], group.Template, detail))
            {
                informative++;
            }
        }

        if (detail.ShowMeta)
        {
            AppendMeta(w, group, time);
            _links.Append(w, group);
        }

        if (informative > 0)
        {
            for (var i = 0; i < selected; i++)
            {
                var e = examples[Pick(examples.Count, selected, i)];
                if (_examples.IsInformative(e, group.Template, detail))
                {
                    _examples.Append(w, group.Template, e, detail, time);
                }
            }

            if (group.Count > informative)
            {
                DigestWording.AppendMoreEvents(w, group.Count - informative);
            }

            w.Raw('\n');
        }

        if (detail.Exception is { } exceptionDetail && group.Exception is { } exception)
        {
            ExceptionRenderer.Append(w, exception, exceptionDetail);
        }

        return informative;
    }

    /// <summary>Writes <paramref name="group"/> as one list line: <c>- WARNING ×3 · template · 10:00:01 – 10:00:09</c>.</summary>
    public void RenderLine(DigestWriter w, ShownGroup group, in DigestTimeFormat time)
    {
        w.Raw("- ");
        AlertWording.AppendGlyph(w, group.Summary.Verdict);
        AppendLevel(w, group.MaxLevelIndex);
        AppendCount(w, group);
        w.Raw(" \u00B7 ");
        w.InlineOr(group.Template, LineTemplateChars, DigestWording.NoMessage);
        w.Raw(" \u00B7 ").Raw(time.ShortRange(group.Summary.FirstSeen, group.Summary.LastSeen));
        if (group.Summary.Verdict is { } verdict)
        {
            AlertWording.AppendLineSuffix(w, verdict, time);
        }

        w.Raw('\n');
    }

    // The first (selected − 1) examples and the last one.
    private static int Pick(int count, int selected, int i) => i < selected - 1 || selected == count ? i : count - 1;

    private static void AppendCount(DigestWriter w, ShownGroup group)
    {
        if (group.Count != 1)
        {
            w.Raw(" \u00D7").Number(group.Count);
        }
    }

    // The level word, coloured when UseColor is on.
    private void AppendLevel(DigestWriter w, int levelIndex)
    {
        var color = _settings.UseColor ? DigestLevelText.Color(levelIndex) : null;
        if (color is null)
        {
            w.Raw(DigestLevelText.Tag(levelIndex));
            return;
        }

        w.Raw("<font color=").Raw(color).Raw('>').Raw(DigestLevelText.Tag(levelIndex)).Raw("</font>");
    }

    private void AppendHeading(DigestWriter w, ShownGroup group, GroupDetail detail)
    {
        w.Raw("#### ");
        AlertWording.AppendGlyph(w, group.Summary.Verdict);
        AppendLevel(w, group.MaxLevelIndex);
        AppendCount(w, group);
        w.Raw(" \u00B7 ");
        w.InlineOr(group.Template, detail.TemplateChars, DigestWording.NoMessage);
        w.Paragraph();
    }

    // "10:00:01 – 10:04:59 · OrderService.Http, OrderService.Jobs · 480 errors, 20 warnings": when, where from, and
    // the level mix of a template logged at more than one level.
    private static void AppendMeta(DigestWriter w, ShownGroup group, in DigestTimeFormat time)
    {
        w.Raw(time.ShortRange(group.Summary.FirstSeen, group.Summary.LastSeen));
        for (var i = 0; i < group.Sources.Count; i++)
        {
            w.Raw(i == 0 ? " \u00B7 " : ", ");
            w.Inline(group.Sources[i], SourceChars);
        }

        if (group.MoreSources)
        {
            w.Raw(DigestWording.AndOtherSources);
        }

        var counts = group.Summary.LevelCounts;
        if (counts[group.MaxLevelIndex] != group.Count)
        {
            w.Raw(" \u00B7 ").Raw(DigestLevelText.Counts(counts, 0));
        }

        w.Paragraph();
    }
}
