namespace DingTalk.Robot.Digest;

/// <summary>
/// Renders one group: a heading with the level, the count and the template; a line with when, where from and the
/// level mix; a few examples with their properties; and the group's first exception.
/// </summary>
/// <example>
/// <code>
/// #### ERROR ×500 · Timeout calling {Service}
///
/// 10:00:01 – 10:04:59 · OrderService.Http · 480 warnings, 20 errors
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
    private const int PropertyKeyChars = 40;
    private const int MaxTemplateScan = 4096;

    private readonly DigestFormatterSettings _settings;
    private readonly ExceptionRenderer _exceptions = new();

    public DigestGroupRenderer(DigestFormatterSettings settings) => _settings = settings;

    /// <summary>Writes <paramref name="group"/> at <paramref name="detail"/>.</summary>
    /// <param name="w">The digest text.</param>
    /// <param name="group">The group.</param>
    /// <param name="detail">How much to show.</param>
    /// <param name="exampleAllowance">The examples this group may show (its share of the digest's example budget).</param>
    /// <param name="time">How to write times.</param>
    /// <returns>The number of examples written.</returns>
    public int Render(DigestWriter w, DigestGroup group, GroupDetail detail, int exampleAllowance, in DigestTimeFormat time)
    {
        AppendHeading(w, group, detail);
        if (detail.ShowMeta)
        {
            AppendMeta(w, group, time);
        }

        var shown = Math.Min(Math.Min(group.ExampleCount, detail.MaxExamples), Math.Max(0, exampleAllowance));
        if (shown > 0)
        {
            for (var i = 0; i < shown; i++)
            {
                // Showing k of the n kept examples: the first k − 1 and the latest, so the list spans the whole window.
                var index = i < shown - 1 || shown == group.ExampleCount ? i : group.ExampleCount - 1;
                AppendExample(w, group, group.GetExample(index), detail, time);
            }

            if (group.Count > shown)
            {
                w.Raw("- \u2026 ").Number(group.Count - shown).Raw(" more\n");
            }

            w.Raw('\n');
        }

        if (detail.Exception is { } exceptionDetail && group.FirstException is { } exception)
        {
            _exceptions.Append(w, exception, exceptionDetail);
        }

        return shown;
    }

    /// <summary>Writes the level word, coloured when <see cref="DigestFormatterSettings.UseColor"/> is on.</summary>
    public void AppendLevel(DigestWriter w, int levelIndex)
    {
        var color = _settings.UseColor ? DigestLevelText.Color(levelIndex) : null;
        if (color is null)
        {
            w.Raw(DigestLevelText.Tag(levelIndex));
            return;
        }

        w.Raw("<font color=").Raw(color).Raw('>').Raw(DigestLevelText.Tag(levelIndex)).Raw("</font>");
    }

    private void AppendHeading(DigestWriter w, DigestGroup group, GroupDetail detail)
    {
        w.Raw("#### ");
        AppendLevel(w, group.MaxLevelIndex);
        if (group.Count != 1)
        {
            w.Raw(" \u00D7").Number(group.Count);
        }

        w.Raw(" \u00B7 ");
        w.InlineOr(group.Template, detail.TemplateChars, "(no message)");
        w.Paragraph();
    }

    private static void AppendMeta(DigestWriter w, DigestGroup group, in DigestTimeFormat time)
    {
        w.Raw(time.ShortRange(group.FirstSeen, group.LastSeen));
        for (var i = 0; i < group.SourceCount; i++)
        {
            w.Raw(i == 0 ? " \u00B7 " : ", ");
            w.Inline(group.GetSource(i), SourceChars);
        }

        if (group.MoreSources)
        {
            w.Raw(" and others");
        }

        // The mix, for a group whose template was logged at more than one level.
        var counts = group.LevelCounts;
        if (counts[group.MaxLevelIndex] != group.Count)
        {
            w.Raw(" \u00B7 ").Raw(DigestLevelText.Counts(counts, 0));
        }

        w.Paragraph();
    }

    private void AppendExample(DigestWriter w, DigestGroup group, DigestEvent e, GroupDetail detail, in DigestTimeFormat time)
    {
        w.Raw("- ").Raw(time.Short(e.Timestamp));

        // A message identical to the template (no arguments) is already in the heading.
        if (!string.Equals(e.RenderedMessage, group.Template, StringComparison.Ordinal))
        {
            var mark = w.Mark();
            w.Raw(' ');
            if (!w.Inline(e.RenderedMessage, detail.MessageChars))
            {
                w.Reset(mark);
            }
        }

        if (_settings.IncludeProperties && detail.MaxProperties > 0)
        {
            AppendProperties(w, group.Template, e, detail);
        }

        w.Raw('\n');
    }

    // A continuation line of the list item: "  key = value · key = value". Properties that are holes of the
    // template are skipped: the rendered message already shows them.
    private static void AppendProperties(DigestWriter w, string template, DigestEvent e, GroupDetail detail)
    {
        var written = 0;
        if (e.EventId != 0 || !string.IsNullOrEmpty(e.EventName))
        {
            w.HardBreak().Raw("  EventId = ").Raw(e.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(e.EventName))
            {
                w.Raw(" (");
                w.Inline(e.EventName, PropertyKeyChars);
                w.Raw(")");
            }

            written++;
        }

        var properties = e.Properties;
        if (properties is null)
        {
            return;
        }

        var count = properties.Count;
        for (var i = 0; i < count && written < detail.MaxProperties; i++)
        {
            var property = properties[i];
            if (string.IsNullOrEmpty(property.Key) || IsTemplateHole(template, property.Key))
            {
                continue;
            }

            if (written == 0)
            {
                w.HardBreak().Raw("  ");
            }
            else
            {
                w.Raw(" \u00B7 ");
            }

            w.Inline(property.Key, PropertyKeyChars, lineStart: written == 0);
            w.Raw(" = ");
            w.InlineOr(property.Value, detail.PropertyValueChars, "null");
            written++;
        }
    }

    // Whether the template has a hole for the property: {Key}, {Key:format}, {Key,alignment}, {@Key} or {$Key}.
    private static bool IsTemplateHole(string template, string key)
    {
        if (template.Length > MaxTemplateScan)
        {
            return false;
        }

        var from = 0;
        while (from < template.Length)
        {
            var at = template.IndexOf(key, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var end = at + key.Length;
            var opens = at >= 1 && (template[at - 1] == '{' || (at >= 2 && template[at - 2] == '{' && (template[at - 1] == '@' || template[at - 1] == '$')));
            var closes = end < template.Length && (template[end] == '}' || template[end] == ':' || template[end] == ',');
            if (opens && closes)
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }
}
