namespace DingTalk.Robot.Testing.Preview;

/// <summary>
/// Finds the inline constructs of DingTalk's markdown subset in HTML-encoded text (the exact font tag, the close of an
/// italic, a bracket and its url), for <see cref="MarkdownRenderer"/>: positions only, no output.
/// </summary>
internal static class MarkdownInline
{
    public const string FontOpenPrefix = "&lt;font color=#"; // then 6 hex digits and "&gt;", once encoded
    public const int FontOpenLength = 16 + 6 + 4;
    public const string FontClose = "&lt;/font&gt;";

    public static bool TryFontOpen(string s, int pos, int end, out string color)
    {
        color = "";
        if (end - pos < FontOpenLength || string.CompareOrdinal(s, pos, FontOpenPrefix, 0, FontOpenPrefix.Length) != 0)
        {
            return false;
        }

        var hex = pos + FontOpenPrefix.Length;
        for (var k = hex; k < hex + 6; k++)
        {
            if (!char.IsAsciiHexDigit(s[k]))
            {
                return false;
            }
        }

        if (string.CompareOrdinal(s, hex + 6, "&gt;", 0, 4) != 0)
        {
            return false;
        }

        color = s.Substring(hex, 6).ToLowerInvariant();
        return true;
    }

    // The "&lt;/font&gt;" that closes the font tag whose content starts at from, counting nested ones; -1 if none.
    public static int FindFontClose(string s, int from, int end)
    {
        var open = 0;
        for (var j = s.IndexOf("&lt;", from, end - from, StringComparison.Ordinal); j >= 0 && j < end;)
        {
            if (TryFontOpen(s, j, end, out _))
            {
                open++;
            }
            else if (end - j >= FontClose.Length && string.CompareOrdinal(s, j, FontClose, 0, FontClose.Length) == 0)
            {
                if (open == 0)
                {
                    return j;
                }

                open--;
            }

            j = j + 1 < end ? s.IndexOf("&lt;", j + 1, end - j - 1, StringComparison.Ordinal) : -1;
        }

        return -1;
    }

    // The closing "*" of an italic whose content starts at from: a single "*" (a "**" pair is skipped) after a
    // non-blank character; -1 if none.
    public static int FindItalicClose(string s, int from, int end)
    {
        for (var j = from + 1; j < end; j++)
        {
            if (s[j] != '*')
            {
                continue;
            }

            if (j + 1 < end && s[j + 1] == '*')
            {
                j++;
                continue;
            }

            if (!char.IsWhiteSpace(s[j - 1]))
            {
                return j;
            }
        }

        return -1;
    }

    // "[inner](url)" starting at open: the inner range and the index after ")". The url may not hold whitespace;
    // its parentheses must balance, as in CommonMark ("javascript:alert(1)" is one url).
    public static bool TryBracket(string s, int open, int end, bool allowEmpty, out int innerEnd, out int after)
    {
        after = -1;
        innerEnd = s.IndexOf(']', open + 1, end - open - 1);
        if (innerEnd < 0 || (innerEnd == open + 1 && !allowEmpty) || innerEnd + 1 >= end || s[innerEnd + 1] != '(')
        {
            return false;
        }

        var parentheses = 0;
        for (var j = innerEnd + 2; j < end && !char.IsWhiteSpace(s[j]); j++)
        {
            if (s[j] == '(')
            {
                parentheses++;
            }
            else if (s[j] == ')' && parentheses-- == 0)
            {
                after = j + 1;
                return true;
            }
        }

        return false;
    }
}
