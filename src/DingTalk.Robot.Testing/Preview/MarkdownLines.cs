using System.Globalization;

namespace DingTalk.Robot.Testing.Preview;

/// <summary>
/// The block markers of DingTalk's markdown subset, one line at a time (headings, quotes, list items), for
/// <see cref="MarkdownRenderer"/>: up to three spaces of indentation before a marker, as in CommonMark.
/// </summary>
internal static class MarkdownLines
{
    /// <summary>What kind of list item a line starts.</summary>
    public enum ListKind
    {
        None,
        Bullet,
        Ordered,
    }


    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    // Up to 3 spaces of indentation before a block marker, as in CommonMark.
    public static int Indent(string line)
    {
        var i = 0;
        while (i < line.Length && i < 4 && line[i] == ' ')
        {
            i++;
        }

        return i < 4 ? i : -1;
    }

    public static bool TryHeading(string line, out int level, out string content)
    {
        level = 0;
        content = "";
        var i = Indent(line);
        if (i < 0)
        {
            return false;
        }

        var start = i;
        while (i < line.Length && line[i] == '#')
        {
            i++;
        }

        level = i - start;
        if (level is < 1 or > 6 || (i < line.Length && line[i] is not (' ' or '\t')))
        {
            return false;
        }

        content = line[i..].Trim();
        return true;
    }

    public static bool TryQuote(string line, out string content)
    {
        content = "";
        var i = Indent(line);
        if (i < 0 || i >= line.Length || line[i] != '>')
        {
            return false;
        }

        i++;
        if (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        content = line[i..];
        return true;
    }

    public static bool TryListItem(string line, out ListKind kind, out int number, out string content)
    {
        kind = ListKind.None;
        number = 0;
        content = "";
        var i = Indent(line);
        if (i < 0 || i >= line.Length)
        {
            return false;
        }

        int markerEnd;
        if (line[i] is '-' or '*' or '+')
        {
            kind = ListKind.Bullet;
            markerEnd = i + 1;
        }
        else
        {
            var digits = i;
            while (digits < line.Length && digits - i < 9 && char.IsAsciiDigit(line[digits]))
            {
                digits++;
            }

            if (digits == i || digits >= line.Length || line[digits] is not ('.' or ')'))
            {
                return false;
            }

            kind = ListKind.Ordered;
            number = int.Parse(line.AsSpan(i, digits - i), NumberStyles.None, CultureInfo.InvariantCulture);
            markerEnd = digits + 1;
        }

        if (markerEnd < line.Length && line[markerEnd] is not (' ' or '\t'))
        {
            kind = ListKind.None;
            return false;
        }

        content = line[markerEnd..].TrimStart(); // trailing spaces may be a line break
        return true;
    }
}
