using System.Globalization;
using System.Text;

namespace DingTalk.Robot.Testing.Preview;

/// <summary>
/// Renders DingTalk's markdown subset to an HTML fragment for the chat preview, safely: message text can never
/// produce a tag, an attribute or a live link of its own.
/// </summary>
/// <remarks>
/// <para>
/// Block level, line by line: <c>#</c>…<c>######</c> headings, <c>&gt;</c> quotes (nested up to
/// <see cref="MaxDepth"/>), <c>- </c>/<c>* </c>/<c>+ </c> and <c>1. </c> list items (a line that starts no block
/// continues the item), and paragraphs separated by blank lines. Inside a paragraph, "two spaces + newline" is a
/// line break and a single newline is only a space — the worst case DingTalk's clients show, so the preview reveals
/// text that relies on it.
/// </para>
/// <para>
/// Inline, on text that is HTML-encoded first: <c>**bold**</c>, <c>*italic*</c>, <c>[text](url)</c> as blue
/// text without a link, <c>![alt](url)</c> as a placeholder box (nothing is loaded), and
/// <c>&lt;font color=#rrggbb&gt;…&lt;/font&gt;</c> in exactly that form. The only markup in the output is the
/// fixed tags written here; every character of the message is encoded, so <c>&lt;script&gt;</c>, attributes,
/// entities and <c>javascript:</c> URLs stay visible text. Constructs are matched outermost first and each one's
/// inside is rendered on its own, so the tags are always balanced, whatever the input (an unclosed <c>**</c> stays
/// literal). The <c>@</c> tokens of the mentions given to the constructor are highlighted as DingTalk does.
/// </para>
/// <para>Tables, code blocks, backslash escapes and HTML other than that <c>font</c> tag are not DingTalk's subset: they stay text.</para>
/// </remarks>
internal sealed class MarkdownRenderer
{
    /// <summary>How deep quotes and inline constructs may nest; deeper ones stay text (bounds the recursion).</summary>
    internal const int MaxDepth = 8;

    private readonly string[] _mentions; // "@" + encoded token, longest first

    /// <summary>Creates a renderer that highlights <c>@token</c> for each of <paramref name="mentionTokens"/>.</summary>
    /// <param name="mentionTokens">Mobiles and user ids mentioned (without the <c>@</c>); blank ones are ignored.</param>
    public MarkdownRenderer(IEnumerable<string>? mentionTokens = null)
    {
        _mentions = (mentionTokens ?? [])
            .Where(token => !string.IsNullOrWhiteSpace(token))
            .Select(token => "@" + Encode(token))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(token => token.Length)
            .ToArray();
    }

    /// <summary>HTML-encodes text for an element's content or a quoted attribute value.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The text with <c>&amp; &lt; &gt; " '</c> encoded.</returns>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text ?? "";
        }

        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => encoded.Append("&amp;"),
                '<' => encoded.Append("&lt;"),
                '>' => encoded.Append("&gt;"),
                '"' => encoded.Append("&quot;"),
                '\'' => encoded.Append("&#39;"),
                _ => encoded.Append(c),
            };
        }

        return encoded.ToString();
    }

    /// <summary>Renders markdown to an HTML fragment (block elements).</summary>
    /// <param name="markdown">DingTalk markdown; <see langword="null"/> or empty gives an empty string.</param>
    /// <returns>The fragment.</returns>
    public string Render(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return "";
        }

        var html = new StringBuilder(markdown.Length * 2);
        RenderBlocks(html, markdown.ReplaceLineEndings("\n").Split('\n'), 0);
        return html.ToString();
    }

    /// <summary>
    /// Renders plain text (a text message): encoded, mentions highlighted, nothing else; newlines are kept as they
    /// are, for <c>white-space: pre-wrap</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The HTML.</returns>
    public string RenderPlain(string? text)
    {
        var encoded = Encode(text?.ReplaceLineEndings("\n"));
        var html = new StringBuilder(encoded.Length + 32);
        AppendText(html, encoded, 0, encoded.Length);
        return html.ToString();
    }

    private void RenderBlocks(StringBuilder html, IReadOnlyList<string> lines, int depth)
    {
        var paragraph = new List<string>();
        var list = MarkdownLines.ListKind.None;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>");
                RenderLines(html, paragraph);
                html.Append("</p>");
                paragraph.Clear();
            }
        }

        void CloseList()
        {
            if (list != MarkdownLines.ListKind.None)
            {
                html.Append(list == MarkdownLines.ListKind.Bullet ? "</ul>" : "</ol>");
                list = MarkdownLines.ListKind.None;
            }
        }

        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (MarkdownLines.IsBlank(line))
            {
                // A blank line ends a paragraph; a list goes on if the next block is another item of it.
                FlushParagraph();
                i++;
            }
            else if (MarkdownLines.TryHeading(line, out var level, out var heading))
            {
                FlushParagraph();
                CloseList();
                html.Append("<h").Append(level).Append('>');
                RenderLines(html, [heading]);
                html.Append("</h").Append(level).Append('>');
                i++;
            }
            else if (depth < MaxDepth && MarkdownLines.TryQuote(line, out _))
            {
                FlushParagraph();
                CloseList();
                var quoted = new List<string>();
                while (i < lines.Count && MarkdownLines.TryQuote(lines[i], out var content))
                {
                    quoted.Add(content);
                    i++;
                }

                html.Append("<blockquote>");
                RenderBlocks(html, quoted, depth + 1);
                html.Append("</blockquote>");
            }
            else if (MarkdownLines.TryListItem(line, out var kind, out var number, out var first))
            {
                FlushParagraph();
                if (kind != list)
                {
                    CloseList();
                    list = kind;
                    html.Append(kind == MarkdownLines.ListKind.Bullet ? "<ul>" : number == 1 ? "<ol>" : $"<ol start=\"{number.ToString(CultureInfo.InvariantCulture)}\">");
                }

                var item = new List<string> { first };
                for (i++; i < lines.Count && !MarkdownLines.IsBlank(lines[i]) && !StartsBlock(lines[i], depth); i++)
                {
                    item.Add(lines[i]);
                }

                html.Append("<li>");
                RenderLines(html, item);
                html.Append("</li>");
            }
            else
            {
                CloseList();
                paragraph.Add(line);
                i++;
            }
        }

        FlushParagraph();
        CloseList();
    }

    private bool StartsBlock(string line, int depth) =>
        MarkdownLines.TryHeading(line, out _, out _) || (depth < MaxDepth && MarkdownLines.TryQuote(line, out _)) || MarkdownLines.TryListItem(line, out _, out _, out _);

    // The lines of one paragraph, heading or list item: encoded, joined by a space-like newline or, after two
    // trailing spaces, a <br> (the only raw tag in the encoded text, and free of every inline trigger character).
    private void RenderLines(StringBuilder html, IReadOnlyList<string> lines)
    {
        var encoded = new StringBuilder();
        for (var k = 0; k < lines.Count; k++)
        {
            var line = lines[k];
            encoded.Append(Encode(line.Trim()));
            if (k < lines.Count - 1)
            {
                encoded.Append(line.EndsWith("  ", StringComparison.Ordinal) ? "<br>" : "\n");
            }
        }

        var text = encoded.ToString();
        RenderInline(html, text, 0, text.Length, 0);
    }

    // Inline constructs in s[start..end), which is encoded text: the earliest opener that has a closer wins, its
    // inside is rendered recursively, and whatever matches nothing is copied as it is (it is already encoded).
    private void RenderInline(StringBuilder html, string s, int start, int end, int depth)
    {
        var text = start; // the start of text not yet written
        var pos = start;

        // Once a search for a closer fails, a later opener of the same kind cannot find one either.
        var noBold = false;
        var noItalic = false;
        var noBracket = false;

        while (pos < end && depth < MaxDepth)
        {
            var c = s[pos];
            var after = -1;
            if (c == '!' && !noBracket && pos + 1 < end && s[pos + 1] == '[')
            {
                if (MarkdownInline.TryBracket(s, pos + 1, end, allowEmpty: true, out var altEnd, out after))
                {
                    AppendText(html, s, text, pos);
                    html.Append("<span class=\"md-img\">");
                    html.Append(altEnd > pos + 2 ? s.AsSpan(pos + 2, altEnd - pos - 2) : "image");
                    html.Append("</span>");
                }
            }
            else if (c == '[' && !noBracket)
            {
                if (MarkdownInline.TryBracket(s, pos, end, allowEmpty: false, out var textEnd, out after))
                {
                    AppendText(html, s, text, pos);
                    html.Append("<span class=\"md-link\">");
                    RenderInline(html, s, pos + 1, textEnd, depth + 1);
                    html.Append("</span>");
                }
                else if (s.IndexOf(']', pos, end - pos) < 0)
                {
                    noBracket = true;
                }
            }
            else if (c == '*' && pos + 1 < end && s[pos + 1] == '*')
            {
                var close = noBold ? -1 : s.IndexOf("**", pos + 2, end - pos - 2, StringComparison.Ordinal);
                noBold = close < 0;
                if (close > pos + 2)
                {
                    AppendText(html, s, text, pos);
                    html.Append("<strong>");
                    RenderInline(html, s, pos + 2, close, depth + 1);
                    html.Append("</strong>");
                    after = close + 2;
                }
            }
            else if (c == '*' && !noItalic && pos + 1 < end && !char.IsWhiteSpace(s[pos + 1]))
            {
                var close = MarkdownInline.FindItalicClose(s, pos + 1, end);
                noItalic = close < 0;
                if (close > 0)
                {
                    AppendText(html, s, text, pos);
                    html.Append("<em>");
                    RenderInline(html, s, pos + 1, close, depth + 1);
                    html.Append("</em>");
                    after = close + 1;
                }
            }
            else if (c == '&' && MarkdownInline.TryFontOpen(s, pos, end, out var color))
            {
                var close = MarkdownInline.FindFontClose(s, pos + MarkdownInline.FontOpenLength, end);
                if (close >= 0)
                {
                    AppendText(html, s, text, pos);
                    html.Append("<span style=\"color:#").Append(color).Append("\">");
                    RenderInline(html, s, pos + MarkdownInline.FontOpenLength, close, depth + 1);
                    html.Append("</span>");
                    after = close + MarkdownInline.FontClose.Length;
                }
            }

            if (after > 0)
            {
                pos = text = after;
            }
            else
            {
                pos++;
            }
        }

        AppendText(html, s, text, end);
    }

    // Encoded text, with the mention tokens wrapped in a highlight.
    private void AppendText(StringBuilder html, string s, int start, int end)
    {
        var from = start;
        for (var i = start; i < end && _mentions.Length > 0; i++)
        {
            if (s[i] != '@')
            {
                continue;
            }

            foreach (var token in _mentions)
            {
                if (end - i >= token.Length && string.CompareOrdinal(s, i, token, 0, token.Length) == 0)
                {
                    html.Append(s, from, i - from).Append("<span class=\"at\">").Append(token).Append("</span>");
                    i += token.Length - 1;
                    from = i + 1;
                    break;
                }
            }
        }

        html.Append(s, from, end - from);
    }
}
