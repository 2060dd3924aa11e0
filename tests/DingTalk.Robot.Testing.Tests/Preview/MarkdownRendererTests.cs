using System.Text;
using DingTalk.Robot.Testing.Preview;

namespace DingTalk.Robot.Testing.Tests.Preview;

public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Plain = new();

    public static TheoryData<string, string> Subset => new()
    {
        // Headings, one to six #, a space required.
        { "# One", "<h1>One</h1>" },
        { "###### Six", "<h6>Six</h6>" },
        { "#### [ERROR] OrderService · Production", "<h4>[ERROR] OrderService · Production</h4>" },
        { "####### Seven", "<p>####### Seven</p>" },
        { "#hashtag", "<p>#hashtag</p>" },

        // Paragraphs on blank lines; a break only after two trailing spaces; a single newline is a space.
        { "a\n\nb", "<p>a</p><p>b</p>" },
        { "a  \nb", "<p>a<br>b</p>" },
        { "a\nb", "<p>a\nb</p>" },
        { "a\r\n\r\nb", "<p>a</p><p>b</p>" },

        // Quotes, with their own paragraphs and breaks.
        { "> **3 errors** in 5 minutes  \n> 10:00 – 10:05", "<blockquote><p><strong>3 errors</strong> in 5 minutes<br>10:00 – 10:05</p></blockquote>" },
        { ">a\n>\n>b", "<blockquote><p>a</p><p>b</p></blockquote>" },
        { "> > nested", "<blockquote><blockquote><p>nested</p></blockquote></blockquote>" },

        // Emphasis.
        { "**bold** and *italic*", "<p><strong>bold</strong> and <em>italic</em></p>" },
        { "*a **b** c*", "<p><em>a <strong>b</strong> c</em></p>" },
        { "**<font color=#d9001b>ERROR</font>**", "<p><strong><span style=\"color:#d9001b\">ERROR</span></strong></p>" },
        { "2 * 3 * 4", "<p>2 * 3 * 4</p>" },

        // Links are blue text, never live; images are a placeholder, never loaded.
        { "see [runbook](https://wiki.example.com/rb)", "<p>see <span class=\"md-link\">runbook</span></p>" },
        { "[**bold** link](https://x.example)", "<p><span class=\"md-link\"><strong>bold</strong> link</span></p>" },
        { "![](https://example.com/p.png)", "<p><span class=\"md-img\">image</span></p>" },
        { "![chart](https://example.com/p.png)", "<p><span class=\"md-img\">chart</span></p>" },
        { "[no url]", "<p>[no url]</p>" },
        { "[spaced](a b)", "<p>[spaced](a b)</p>" },
        { "[wiki](https://en.example.org/Foo_(bar)) after", "<p><span class=\"md-link\">wiki</span> after</p>" },

        // Lists; a line that starts no block continues the item; two trailing spaces break inside it.
        { "- a\n- b", "<ul><li>a</li><li>b</li></ul>" },
        { "* a\n+ b", "<ul><li>a</li><li>b</li></ul>" },
        { "1. a\n2. b", "<ol><li>a</li><li>b</li></ol>" },
        { "3. c\n4. d", "<ol start=\"3\"><li>c</li><li>d</li></ol>" },
        { "- 10:00:01 **ERROR** timeout  \n  OrderId = 1", "<ul><li>10:00:01 <strong>ERROR</strong> timeout<br>OrderId = 1</li></ul>" },
        { "- a\n\n- b", "<ul><li>a</li><li>b</li></ul>" },
        { "- a\n1. b", "<ul><li>a</li></ul><ol><li>b</li></ol>" },
        { "- a\n\nafter", "<ul><li>a</li></ul><p>after</p>" },
        { "text\n- item", "<p>text</p><ul><li>item</li></ul>" },
        { "10.5 seconds", "<p>10.5 seconds</p>" },
        { "**bold** start", "<p><strong>bold</strong> start</p>" },

        // <font color=#rrggbb> in exactly that form; any other HTML stays text.
        { "<font color=#d9001b>ERROR</font>", "<p><span style=\"color:#d9001b\">ERROR</span></p>" },
        { "<font color=#D9001B>E</font>", "<p><span style=\"color:#d9001b\">E</span></p>" },
        { "<font color=#111111>a <font color=#222222>b</font> c</font>", "<p><span style=\"color:#111111\">a <span style=\"color:#222222\">b</span> c</span></p>" },
        { "<font color=red>x</font>", "<p>&lt;font color=red&gt;x&lt;/font&gt;</p>" },
        { "<font color=\"#d9001b\">x</font>", "<p>&lt;font color=&quot;#d9001b&quot;&gt;x&lt;/font&gt;</p>" },
        { "<font color=#d9001b>never closed", "<p>&lt;font color=#d9001b&gt;never closed</p>" },
        { "<FONT color=#d9001b>x</FONT>", "<p>&lt;FONT color=#d9001b&gt;x&lt;/FONT&gt;</p>" },
        { "<b>x</b> & <i>y</i>", "<p>&lt;b&gt;x&lt;/b&gt; &amp; &lt;i&gt;y&lt;/i&gt;</p>" },

        // Not DingTalk's subset: stays text.
        { "| a | b |\n|---|---|", "<p>| a | b |\n|---|---|</p>" },
        { "```\ncode\n```", "<p>```\ncode\n```</p>" },
        { "", "" },
    };

    public static TheoryData<string> Hostile => new()
    {
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](javascript:alert(document.cookie)) and ![x](javascript:alert(1))",
        "**unbalanced",
        "**a *b** c*",
        "***",
        "*",
        "**",
        "<font color=#d9001b onmouseover=alert(1)>x</font>",
        "<font color=#d9001b\" onmouseover=\"alert(1)>x</font>",
        "<font color=#d9001b><script>alert(1)</script></font>",
        "<font color=#d9001b>**x</font>**",
        "[a <font color=#111111>b](u) c</font>",
        "![x\" onerror=\"alert(1)](y)",
        "[a](b\" onclick=\"c)",
        "\"><svg onload=alert(1)>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62; &amp; &",
        "</p></li></ul><script>x</script>",
        "> <iframe src=https://evil.example></iframe>",
        "# <style>body{display:none}</style>",
        "- <a href=\"https://evil.example\">x</a>",
        "@13800000000<script>",
        "<br>",
        "<!-- comment --> <![CDATA[x]]>",
        "\0<scr\0ipt>",
    };

    [Theory]
    [MemberData(nameof(Subset))]
    public void Renders_dingtalks_markdown_subset(string markdown, string html)
    {
        var rendered = Plain.Render(markdown);

        Assert.Equal(html, rendered);
        HtmlAssert.IsSafeFragment(rendered);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Message_text_cannot_inject_html_or_script(string markdown)
    {
        var rendered = new MarkdownRenderer(["13800000000"]).Render(markdown);

        HtmlAssert.IsSafeFragment(rendered);
        Assert.DoesNotContain("<script", rendered, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", rendered, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_javascript_link_is_blue_text_without_a_target()
    {
        var rendered = Plain.Render("[click me](javascript:alert(1))");

        Assert.Equal("<p><span class=\"md-link\">click me</span></p>", rendered);
    }

    [Fact]
    public void Unbalanced_emphasis_stays_literal()
    {
        Assert.Equal("<p>**unbalanced</p>", Plain.Render("**unbalanced"));
        Assert.Equal("<p>*open</p>", Plain.Render("*open"));
        Assert.Equal("<p><strong>a</strong> **b</p>", Plain.Render("**a** **b"));
    }

    [Fact]
    public void Mentions_in_at_are_highlighted_wherever_they_are_and_other_tokens_are_not()
    {
        var renderer = new MarkdownRenderer(["13800000000", "u1", "+1-1234567890"]);

        Assert.Equal(
            "<p>look <span class=\"at\">@13800000000</span> <span class=\"at\">@u1</span> @u2</p>",
            renderer.Render("look @13800000000 @u1 @u2"));
        Assert.Equal("<h4><strong><span class=\"at\">@+1-1234567890</span></strong></h4>", renderer.Render("#### **@+1-1234567890**"));
        Assert.Equal("<span class=\"at\">@u1</span>\n&lt;b&gt;", renderer.RenderPlain("@u1\r\n<b>"));
        Assert.Equal("@13800000000", Plain.RenderPlain("@13800000000"));
    }

    [Fact]
    public void A_mention_token_is_encoded_before_it_is_matched()
    {
        var renderer = new MarkdownRenderer(["<b>"]);

        Assert.Equal("<span class=\"at\">@&lt;b&gt;</span>", renderer.RenderPlain("@<b>"));
    }

    [Fact]
    public void Plain_text_is_encoded_and_keeps_its_lines()
    {
        Assert.Equal("**not bold**\n&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;", Plain.RenderPlain("**not bold**\n<script>x</script> & \"q\" 's'"));
        Assert.Equal("", Plain.RenderPlain(null));
    }

    [Fact]
    public void Deep_nesting_is_bounded_and_stays_balanced()
    {
        var quotes = new string('>', 10_000) + " deep";
        var fonts = string.Concat(Enumerable.Repeat("<font color=#000000>", 2_000)) + "x" + string.Concat(Enumerable.Repeat("</font>", 2_000));
        var stars = string.Concat(Enumerable.Repeat("*a **b ", 3_000));

        foreach (var markdown in new[] { quotes, fonts, stars })
        {
            HtmlAssert.IsSafeFragment(Plain.Render(markdown));
        }

        Assert.Equal(MarkdownRenderer.MaxDepth, CountOccurrences(Plain.Render(quotes), "<blockquote>"));
    }

    [Fact]
    public void Random_markdown_always_renders_to_safe_balanced_html()
    {
        string[] pieces =
        [
            "*", "**", "[", "]", "(", ")", "![", "](", "<", ">", "&", "\"", "'", "#", "# ", "#### ", "> ", "- ", "1. ",
            "\n", "\n\n", "  \n", "<font color=#d9001b>", "</font>", "<font color=#zz0000>", "<script>", "javascript:",
            "@u1", "a", "b", " ", "订单", "&amp;", "&#", "\t", "<br>",
        ];
        var random = new Random(20240601);
        var renderer = new MarkdownRenderer(["u1"]);
        for (var run = 0; run < 3_000; run++)
        {
            var markdown = new StringBuilder();
            for (var n = random.Next(1, 40); n > 0; n--)
            {
                markdown.Append(pieces[random.Next(pieces.Length)]);
            }

            HtmlAssert.IsSafeFragment(renderer.Render(markdown.ToString()));
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
