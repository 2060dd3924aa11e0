namespace DingTalk.Robot.Digest.Markdown.Text;

/// <summary>
/// Recognises, in event text, the .NET names whose <c>&lt; &gt; _ [ ] `</c> cannot form markup, so that
/// <see cref="MarkdownEscaper"/> can leave them as they are and a stack frame copies back into a code search unchanged:
/// compiler-generated names (<c>Program.&lt;Main&gt;$</c>, <c>&lt;SendAsync&gt;d__12</c>, <c>&lt;&gt;c__DisplayClass0_0</c>,
/// <c>&lt;&lt;Main&gt;$&gt;b__0_0</c>), a generic type's arity (<c>ILogger`1</c>) and an array's empty brackets
/// (<c>String[] args</c>).
/// </summary>
/// <remarks>
/// <para>
/// Why these are safe: a compiler-generated name's <c>&lt;Name&gt;</c> has no attribute, so even a renderer that passes
/// HTML through gets no link, image, colour or handler from it; names that are HTML elements which style, hide, link or
/// embed (<c>b</c>, <c>textarea</c>, <c>a</c>, <c>img</c>…) are not recognised (they are escaped as before), only
/// identifiers that are no such element (<c>Main</c>'s <c>main</c> is a plain container). Its underscores are inside a
/// word, where no markdown makes them emphasis. An empty <c>[]</c> not followed by <c>(</c>, <c>[</c> or <c>:</c> is no
/// link, image or reference. A lone backtick opens no code span: the caller allows one only where no other backtick
/// is left in the paragraph (<see cref="DigestWriter.Inline"/>).
/// </para>
/// <para>
/// Not recognised, so still escaped: generic arguments written with angle brackets (<c>List&lt;T&gt;</c>), a name at
/// the start of a line, and anything longer than <see cref="MaxNameChars"/>.
/// </para>
/// </remarks>
internal static class CodeNames
{
    private const int MaxNameChars = 128;
    private const int MaxNesting = 3;

    // HTML elements that style or hide text, link, embed, take input, or start raw text: "<b>" or "<textarea>" must stay
    // escaped even in the shape of a compiler-generated name. Plain containers (main, div, span, section…) are harmless.
    private static readonly HashSet<string> HarmfulElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "acronym", "address", "applet", "area", "audio", "b", "base", "basefont", "bdi", "bdo", "bgsound",
        "big", "blink", "blockquote", "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup",
        "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "dl", "dt", "em", "embed", "fieldset", "font", "form",
        "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "html", "i", "iframe", "image", "img",
        "input", "ins", "isindex", "kbd", "keygen", "legend", "li", "link", "listing", "map", "mark", "marquee", "math",
        "menu", "meta", "meter", "nobr", "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option", "p",
        "param", "picture", "plaintext", "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "script",
        "select", "small", "source", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody", "td",
        "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
        "xmp", "body",
    };

    /// <summary>
    /// The length of the compiler-generated name that starts at <paramref name="i"/> (a <c>&lt;</c>) and ends before
    /// <paramref name="limit"/>, its tail included (<c>$</c>, or <c>d__12</c>); 0 when there is none.
    /// </summary>
    public static int GeneratedNameLength(string text, int i, int limit)
    {
        var end = MatchGenerated(text, i, limit, 0);
        return end > i ? end - i : 0;
    }

    /// <summary>Whether the backtick at <paramref name="i"/> is a generic type's arity: <c>ILogger`1</c> (digits right after it).</summary>
    public static bool IsArityBacktick(string text, int i, int limit)
        => i >= 1 && IsIdentifierChar(text[i - 1]) && i + 1 < limit && text[i + 1] >= '0' && text[i + 1] <= '9';

    /// <summary>Whether the <c>[</c> at <paramref name="i"/> opens an empty <c>[]</c> that is no link: <c>String[] args</c>.</summary>
    public static bool IsEmptyBrackets(string text, int i, int limit)
    {
        if (i + 1 >= limit || text[i + 1] != ']')
        {
            return false;
        }

        // What is shown next decides; nothing (our markup comes next) is treated as the worst.
        var next = MarkdownEscaper.NextShown(text, i + 2, limit);
        return next >= 0 && text[next] != '(' && text[next] != '[' && text[next] != ':';
    }

    private static int MatchGenerated(string text, int i, int limit, int depth)
    {
        var j = i + 1;
        var named = false;
        if (j < limit && text[j] == '<')
        {
            // "<<Main>$>b__0_0": a lambda inside a generated method.
            if (depth >= MaxNesting)
            {
                return -1;
            }

            j = MatchGenerated(text, j, limit, depth + 1);
            if (j < 0)
            {
                return -1;
            }

            named = true;
        }
        else
        {
            var start = j;
            while (j < limit && j - start <= MaxNameChars && IsIdentifierChar(text[j]))
            {
                j++;
            }

            if (j > start)
            {
                if (j - start > MaxNameChars || !IsIdentifierStart(text[start]) || HarmfulElements.Contains(text.Substring(start, j - start)))
                {
                    return -1;
                }

                named = true;
            }
        }

        if (j >= limit || text[j] != '>')
        {
            return -1;
        }

        j++;
        if (j < limit && text[j] == '$')
        {
            return j + 1;
        }

        // The compiler's suffixes: a lowercase kind letter and "__" (b__ lambda, d__ state machine, c__ closure,
        // g__ local function, k__ backing field…), then the rest of the identifier.
        if (j + 2 < limit && text[j] >= 'a' && text[j] <= 'z' && text[j + 1] == '_' && text[j + 2] == '_')
        {
            j += 3;
            var start = j;
            while (j < limit && j - start < MaxNameChars && IsIdentifierChar(text[j]))
            {
                j++;
            }

            return j;
        }

        // "<>" alone opens no tag whatever follows it.
        return named ? -1 : j;
    }

    private static bool IsIdentifierStart(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';

    private static bool IsIdentifierChar(char c) => IsIdentifierStart(c) || (c >= '0' && c <= '9');
}
