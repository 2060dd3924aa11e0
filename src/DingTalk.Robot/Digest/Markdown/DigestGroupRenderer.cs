using DingTalk.Robot.Digest.Batching;
namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Renders one group, either as a section — a heading with the level, the count and the template; a line with when,
/// where from and the level mix; a few examples with their properties; the group's first exception — or, for the
/// groups with nothing more to say or no room left, as one list line.
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
    private const int PropertyKeyChars = 40;
    private const int LineTemplateChars = 80;
    private const int MaxTemplateScan = 4096;

    private readonly DigestFormatterSettings _settings;
    private readonly ExceptionRenderer _exceptions = new();

    public DigestGroupRenderer(DigestFormatterSettings settings) => _settings = settings;

    /// <summary>Forgets what was cached for the digest just formatted (the exceptions' stack traces).</summary>
    public void EndDigest() => _exceptions.EndDigest();

    /// <summary>
    /// Whether a section would say no more than a list line: one event, no exception, a message equal to its template,
    /// nothing worth showing from its properties, below Error (errors always get a section).
    /// </summary>
    public bool IsTrivial(DigestGroup group)
        => group.Count == 1
           && group.MaxLevelIndex < (int)DigestLevel.Error
           && group.FirstException is null
           && (group.ExampleCount == 0 || !IsInformative(group.GetExample(0), group.Template, GroupDetail.Levels[0]));

    /// <summary>Writes <paramref name="group"/> as a section at <paramref name="detail"/>.</summary>
    /// <param name="w">The digest text.</param>
    /// <param name="group">The group.</param>
    /// <param name="detail">How much to show.</param>
    /// <param name="exampleAllowance">The examples this group may show (its share of the digest's example budget).</param>
    /// <param name="time">How to write times.</param>
    /// <returns>The number of examples written.</returns>
    public int Render(DigestWriter w, DigestGroup group, GroupDetail detail, int exampleAllowance, in DigestTimeFormat time)
    {
        AppendHeading(w, group, detail);

        // Showing k of the n kept examples: the first k − 1 and the latest, so the list spans the whole window.
        // An example that would be a bare timestamp (its message is the template, no properties) is skipped.
        var selected = Math.Min(Math.Min(group.ExampleCount, detail.MaxExamples), Math.Max(0, exampleAllowance));
        var informative = 0;
        for (var i = 0; i < selected; i++)
        {
            if (IsInformative(group.GetExample(Pick(group, selected, i)), group.Template, detail))
            {
                informative++;
            }
        }

        if (detail.ShowMeta)
        {
            AppendMeta(w, group, time);
        }

        if (informative > 0)
        {
            for (var i = 0; i < selected; i++)
            {
                var e = group.GetExample(Pick(group, selected, i));
                if (IsInformative(e, group.Template, detail))
                {
                    AppendExample(w, group, e, detail, time);
                }
            }

            if (group.Count > informative)
            {
                w.Raw("- \u2026 ").Number(group.Count - informative).Raw(" more\n");
            }

            w.Raw('\n');
        }

        if (detail.Exception is { } exceptionDetail && group.FirstException is { } exception)
        {
            _exceptions.Append(w, exception, exceptionDetail);
        }

        return informative;
    }

    /// <summary>Writes <paramref name="group"/> as one list line: <c>- WARNING ×3 · template · 10:00:01 – 10:00:09</c>.</summary>
    public void RenderLine(DigestWriter w, DigestGroup group, in DigestTimeFormat time)
    {
        w.Raw("- ");
        AppendLevel(w, group.MaxLevelIndex);
        AppendCount(w, group);
        w.Raw(" \u00B7 ");
        w.InlineOr(group.Template, LineTemplateChars, "(no message)");
        w.Raw(" \u00B7 ").Raw(time.ShortRange(group.FirstSeen, group.LastSeen)).Raw('\n');
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

    private static int Pick(DigestGroup group, int selected, int i)
        => i < selected - 1 || selected == group.ExampleCount ? i : group.ExampleCount - 1;

    private static void AppendCount(DigestWriter w, DigestGroup group)
    {
        if (group.Count != 1)
        {
            w.Raw(" \u00D7").Number(group.Count);
        }
    }

    private void AppendHeading(DigestWriter w, DigestGroup group, GroupDetail detail)
    {
        w.Raw("#### ");
        AppendLevel(w, group.MaxLevelIndex);
        AppendCount(w, group);
        w.Raw(" \u00B7 ");
        w.InlineOr(group.Template, detail.TemplateChars, "(no message)");
        w.Paragraph();
    }

    // "10:00:01 – 10:04:59 · OrderService.Http, OrderService.Jobs · 480 errors, 20 warnings": when, where from, and
    // the level mix of a template logged at more than one level.
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

        if (ShowsProperties(detail))
        {
            AppendProperties(w, group.Template, e, detail);
        }

        w.Raw('\n');
    }

    private bool ShowsProperties(GroupDetail detail) => _settings.IncludeProperties && detail.MaxProperties > 0;

    // Whether an example adds anything to the heading: a message other than the template, or properties to show.
    private bool IsInformative(DigestEvent e, string template, GroupDetail detail)
    {
        if (!string.Equals(e.RenderedMessage, template, StringComparison.Ordinal) && !IsBlank(e.RenderedMessage, detail.MessageChars))
        {
            return true;
        }

        if (!ShowsProperties(detail))
        {
            return false;
        }

        if (e.EventId != 0 || !string.IsNullOrEmpty(e.EventName) || e.Scopes is { Count: > 0 })
        {
            return true;
        }

        var properties = e.Properties;
        if (properties is null)
        {
            return false;
        }

        for (var i = 0; i < properties.Count; i++)
        {
            var key = properties[i].Key;
            if (!string.IsNullOrEmpty(key) && !IsTemplateHole(template, key))
            {
                return true;
            }
        }

        return false;
    }

    // The logging scopes (Microsoft.Extensions.Logging), outermost first: "Scope = Order 10042 › Checkout".
    private static int AppendScopes(DigestWriter w, DigestEvent e, GroupDetail detail, int written)
    {
        var scopes = e.Scopes;
        if (scopes is null || scopes.Count == 0 || written >= detail.MaxProperties)
        {
            return 0;
        }

        var mark = w.Mark();
        if (written == 0)
        {
            w.HardBreak().Raw("  ");
        }
        else
        {
            w.Raw(" \u00B7 ");
        }

        w.Raw("Scope = ");
        var shown = 0;
        for (var i = 0; i < scopes.Count; i++)
        {
            var scopeMark = w.Mark();
            if (shown > 0)
            {
                w.Raw(" \u203A ");
            }

            if (w.Inline(scopes[i], detail.PropertyValueChars))
            {
                shown++;
            }
            else
            {
                w.Reset(scopeMark);
            }
        }

        if (shown == 0)
        {
            w.Reset(mark);
            return 0;
        }

        return 1;
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
                var mark = w.Mark();
                w.Raw(" (");
                if (w.Inline(e.EventName, PropertyKeyChars))
                {
                    w.Raw(")");
                }
                else
                {
                    w.Reset(mark);
                }
            }

            written++;
        }

        written += AppendScopes(w, e, detail, written);

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

            var mark = w.Mark();
            if (written == 0)
            {
                w.HardBreak().Raw("  ");
            }
            else
            {
                w.Raw(" \u00B7 ");
            }

            // A key that escapes to nothing (all whitespace or format characters) would leave a bare "= value".
            if (!w.Inline(property.Key, PropertyKeyChars, lineStart: written == 0))
            {
                w.Reset(mark);
                continue;
            }

            w.Raw(" = ");
            w.InlineOr(property.Value, detail.PropertyValueChars, property.Value is null ? "null" : "(empty)");
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

    // Only the part that would be shown counts: a message of a megabyte of spaces and then text shows nothing.
    private static bool IsBlank(string s, int limit)
    {
        var end = Math.Min(s.Length, limit);
        for (var i = 0; i < end; i++)
        {
            if (!char.IsWhiteSpace(s[i]))
            {
                return false;
            }
        }

        return true;
    }
}
