using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Serialization;
using DingTalk.Robot.Digest.Markdown;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>What must hold for every digest, whatever went into it: the checks the property tests and the unit tests share.</summary>
internal static class DigestInvariants
{
    private static readonly Regex GroupLine = new(
        @"^(#### |- )(<font color=#[0-9A-F]{6}>)?(VERBOSE|DEBUG|INFO|WARNING|ERROR|FATAL)(</font>)?( ×(?<n>[\d,]+))? · ",
        RegexOptions.CultureInvariant);

    private static readonly Regex NotShownLine = new(@"^… [\d,]+ more messages? not shown: (?<n>[\d,]+) events? \(", RegexOptions.CultureInvariant);
    private static readonly Regex NotGroupedLine = new(@"^… (?<n>[\d,]+) more events? not grouped ", RegexOptions.CultureInvariant);
    private static readonly Regex OurListItem = new(@"^- (\d|…|<font |VERBOSE|DEBUG|INFO|WARNING|ERROR|FATAL)", RegexOptions.CultureInvariant);
    private static readonly Regex OrderedListMarker = new(@"^\d{1,9}[.)](\s|$)", RegexOptions.CultureInvariant);
    private static readonly Regex FontTag = new("<font color=#[0-9A-F]{6}>|</font>", RegexOptions.CultureInvariant);

    // What the escaper keeps as it is (CodeNames): compiler-generated names, a generic arity's backtick, an empty "[]".
    private static readonly Regex KeptName = new(
        @"<(?:<(?<n>[A-Za-z_]\w*)>\$|(?<n>[A-Za-z_]\w*))?>(?:\$|[a-z]__\w*)?|(?<=\w)`(?=\d)|\[\](?![(\[:])",
        RegexOptions.CultureInvariant);

    private static readonly Regex MayOpenTag = new(@"<([A-Za-z/!?]|$)", RegexOptions.CultureInvariant);

    private static readonly string[] HarmfulTags = ["a", "b", "i", "s", "u", "img", "font", "script", "style", "textarea", "iframe", "xmp", "plaintext"];

    /// <summary>
    /// The text with the .NET names the escaper keeps replaced by "§"; fails if one of them is an HTML tag that would do harm, or if
    /// two kept backticks share a paragraph (a code span).
    /// </summary>
    public static string WithoutKeptNames(string text)
    {
        foreach (var paragraph in text.Split("\n\n"))
        {
            Assert.True(paragraph.Count(c => c == '`') <= 1, "two backticks in one paragraph:\n" + paragraph);
        }

        return KeptName.Replace(text, m =>
        {
            foreach (Capture name in m.Groups["n"].Captures)
            {
                Assert.DoesNotContain(name.Value, HarmfulTags, StringComparer.OrdinalIgnoreCase);
            }

            // A stand-in, not nothing: what was before the name must not meet what was after it.
            return "\u00A7";
        });
    }

    /// <summary>Asserts every invariant of <paramref name="digest"/> for a batch of <paramref name="events"/> events.</summary>
    public static void Check(FormattedDigest digest, DigestFormatterSettings settings, long events, DigestLevel? maxLevel)
    {
        var message = digest.Message;
        var text = message.Text;

        // The body is what DingTalk receives: valid JSON, within the limit, measured right.
        var body = DingTalkMessageWriter.ToUtf8Bytes(message);
        Assert.Equal(body.Length, digest.BodyBytes);
        Assert.True(body.Length <= settings.MaxBodyBytes, $"{body.Length} > {settings.MaxBodyBytes} bytes");
        using (var json = JsonDocument.Parse(body))
        {
            Assert.Equal("markdown", json.RootElement.GetProperty("msgtype").GetString());
            Assert.Equal(Scenario.MsgUuid, json.RootElement.GetProperty("msgUuid").GetString());
        }

        // The counts add up, and so does the text: every event is in a group shown, a group not shown, or the tally.
        Assert.Equal(events, digest.EventCount);
        Assert.Equal(events, digest.EventsShown + digest.EventsNotShown);
        Assert.True(digest.EventsShown <= Math.Max(0, settings.MaxEventsShown));
        if (!digest.IsFallback)
        {
            Assert.Equal(events, AccountedEvents(text));
        }

        // Mentions iff an event reached the mention level, and the tokens are the only '@' in the text.
        var mention = maxLevel is { } level
                      && DigestLevelText.Index(level) >= DigestLevelText.Index(settings.MentionLevel)
                      && (settings.AtMobiles.Count > 0 || settings.AtUserIds.Count > 0 || settings.AtAll);
        Assert.Equal(mention, message.At is not null);
        var tokens = new List<string>();
        if (mention)
        {
            foreach (var m in settings.AtMobiles)
            {
                tokens.Add("@" + m);
            }

            foreach (var u in settings.AtUserIds)
            {
                tokens.Add("@" + u);
            }
        }

        var withoutTokens = text;
        foreach (var token in tokens)
        {
            Assert.Contains(token, text, StringComparison.Ordinal);
            withoutTokens = withoutTokens.Replace(token, string.Empty, StringComparison.Ordinal);
        }

        Assert.DoesNotContain('@', withoutTokens);

        if (!string.IsNullOrEmpty(settings.Keyword))
        {
            Assert.Contains(settings.Keyword, text, StringComparison.Ordinal);
        }

        // Nothing from an event can become markup.
        var fromEvents = WithoutKeptNames(FontTag.Replace(text, string.Empty));
        Assert.DoesNotContain('[', fromEvents);
        Assert.DoesNotContain('`', fromEvents);
        Assert.DoesNotMatch(MayOpenTag, fromEvents);
        Assert.DoesNotContain("://", text, StringComparison.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            CheckLine(lines[i], i);
        }

        foreach (var c in text)
        {
            Assert.True(c == '\n' || !char.IsControl(c), $"control character U+{(int)c:X4} in the text");
        }

        AssertNoLoneSurrogates(text);
        AssertNoLoneSurrogates(message.Title);
        Assert.DoesNotContain('\n', message.Title);
    }

    /// <summary>The events the text accounts for: group counts (shown or not) plus the not-grouped tally.</summary>
    public static long AccountedEvents(string text)
    {
        long sum = 0;
        foreach (var line in text.Split('\n'))
        {
            var m = GroupLine.Match(line);
            if (m.Success)
            {
                sum += m.Groups["n"].Success ? Parse(m.Groups["n"].Value) : 1;
                continue;
            }

            m = NotShownLine.Match(line);
            if (m.Success)
            {
                sum += Parse(m.Groups["n"].Value);
                continue;
            }

            m = NotGroupedLine.Match(line);
            if (m.Success)
            {
                sum += Parse(m.Groups["n"].Value);
            }
        }

        return sum;
    }

    private static void CheckLine(string line, int index)
    {
        if (line.StartsWith('#'))
        {
            Assert.True(
                (index == 0 && line.StartsWith("### ", StringComparison.Ordinal)) || GroupLine.IsMatch(line),
                $"a heading we did not write: {line}");
        }

        if (line.StartsWith("- ", StringComparison.Ordinal))
        {
            Assert.Matches(OurListItem, line);
        }

        // Inside a quote and on continuation lines the same rules apply to what follows the marker.
        var content = line.StartsWith("> ", StringComparison.Ordinal) ? line.Substring(2) : line.TrimStart(' ');
        if (line.StartsWith("> ", StringComparison.Ordinal) || line.StartsWith("  ", StringComparison.Ordinal))
        {
            var ours = content.StartsWith("**", StringComparison.Ordinal); // the exception's type, in bold
            Assert.False(!ours && content.Length > 0 && "#>-+=*_|~".Contains(content[0], StringComparison.Ordinal), $"markup at the start of: {line}");
        }

        Assert.DoesNotMatch(OrderedListMarker, content);
        Assert.False(content.StartsWith('+') || content.StartsWith('='), $"markup at the start of: {line}");
    }

    private static void AssertNoLoneSurrogates(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }

            Assert.False(char.IsSurrogate(s[i]), $"lone surrogate at {i}");
        }
    }

    private static long Parse(string digits) => long.Parse(digits, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
