using System.Globalization;

namespace DingTalk.Robot.Digest.Markdown.Text;

/// <summary>
/// Finds where to cut a string so that no user-perceived character is split: never between the halves of a surrogate
/// pair, never before a combining mark, a variation selector, a zero-width joiner or an emoji modifier.
/// </summary>
internal static class TextTruncation
{
    /// <summary>
    /// The length of the longest prefix of <paramref name="text"/> that is at most <paramref name="maxChars"/> UTF-16
    /// units and ends on a text-element boundary. The work is bounded by <paramref name="maxChars"/>, not by the
    /// length of the text (which may be megabytes).
    /// </summary>
    public static int PrefixLength(string text, int maxChars)
    {
        if (maxChars <= 0)
        {
            return 0;
        }

        if (text.Length <= maxChars)
        {
            return text.Length;
        }

#if NET5_0_OR_GREATER
        // Whether there is a boundary at p depends on what precedes p and on the one code point that starts at p, so the
        // window reaches one whole code point (up to two units) past the limit: an element that continues beyond the
        // limit is then seen as too long, and never cut short by the window itself.
        var window = text.AsSpan(0, Math.Min(text.Length, maxChars + 2));
        var end = 0;
        while (end < maxChars)
        {
            var next = StringInfo.GetNextTextElementLength(window.Slice(end));
            if (next <= 0 || end + next > maxChars)
            {
                break;
            }

            end += next;
        }

        // A pathological element longer than the limit (a "zalgo" pile of combining marks) still yields some text.
        return end > 0 ? end : SurrogateSafe(text, maxChars);
#else
        // netstandard2.0 has no span-based grapheme API; back off over the code points that extend the previous one.
        var cut = SurrogateSafe(text, maxChars);
        var floor = Math.Max(0, cut - 32);
        var probe = cut;
        while (probe > floor && ExtendsPrevious(text, probe))
        {
            probe = SurrogateSafe(text, probe - 1);
        }

        return probe > 0 ? probe : cut;
#endif
    }

    /// <summary><paramref name="cut"/>, moved back by one if it would split a surrogate pair.</summary>
    public static int SurrogateSafe(string text, int cut)
        => cut > 0 && cut < text.Length && char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]) ? cut - 1 : cut;

#if !NET5_0_OR_GREATER
    private static bool ExtendsPrevious(string text, int index)
    {
        var c = text[index];
        if (c == '\u200D' || (c >= '\uFE00' && c <= '\uFE0F') || (index > 0 && text[index - 1] == '\u200D'))
        {
            return true;
        }

        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            var cp = char.ConvertToUtf32(c, text[index + 1]);
            return (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }
#endif
}
