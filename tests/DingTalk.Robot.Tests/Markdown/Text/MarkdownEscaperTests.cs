using System.Text;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Tests.Markdown.Text;

public sealed class MarkdownEscaperTests
{
    [Theory]
    [InlineData("#", "＃")]
    [InlineData("*", "＊")]
    [InlineData("_", "＿")]
    [InlineData(">", "＞")]
    [InlineData("<", "＜")]
    [InlineData("[", "［")]
    [InlineData("]", "］")]
    [InlineData("`", "｀")]
    [InlineData("~", "～")]
    [InlineData("|", "｜")]
    [InlineData("@", "＠")]
    [InlineData("\\", "＼")]
    [InlineData("&", "＆")]
    public void Markdown_characters_become_full_width_lookalikes(string input, string expected)
        => Assert.Equal("a" + expected + "b", MarkdownEscaper.Escape("a" + input + "b"));

    [Theory]
    [InlineData("Connection refused!")]
    [InlineData("SendAsync(HttpRequestMessage request)")]
    [InlineData("a-b+c=d 1. 2) 3.14")]
    [InlineData("订单号 2024050100 已超时 🚧")]
    public void Harmless_text_is_kept_as_is(string input) => Assert.Equal(input, MarkdownEscaper.Escape(input));

    [Fact]
    public void Links_images_html_and_mentions_cannot_survive()
    {
        var escaped = MarkdownEscaper.Escape("[x](http://e.example) ![i](http://e.example/i.png) <font color=red>r</font> @13800000000 &#64;all");

        Assert.Equal("［x］(http:／／e.example) !［i］(http:／／e.example/i.png) ＜font color=red＞r＜/font＞ ＠13800000000 ＆＃64;all", escaped);
    }

    [Theory]
    [InlineData("see https://evil.example/x", "see https:／／evil.example/x")]
    [InlineData("www.evil.example", "www．evil.example")]
    [InlineData("go to WWW.evil.example", "go to WWW．evil.example")]
    [InlineData("awww.example and 10.0.0.1/24", "awww.example and 10.0.0.1/24")]
    public void Bare_urls_are_defused(string input, string expected) => Assert.Equal(expected, MarkdownEscaper.Escape(input));

    [Theory]
    [InlineData("- item", "－ item")]
    [InlineData("+ item", "＋ item")]
    [InlineData("=====", "＝====")]
    [InlineData("1. one", "1． one")]
    [InlineData("12) twelve", "12） twelve")]
    [InlineData("7.", "7．")]
    [InlineData("  - indented", "－ indented")]
    [InlineData("\uFEFF1. hidden behind a BOM", "1． hidden behind a BOM")]
    [InlineData("\u202E- hidden behind an override", "－ hidden behind an override")]
    [InlineData("3.14 is pi", "3.14 is pi")]
    [InlineData("2024-05-01 is a date", "2024-05-01 is a date")]
    public void Line_start_markers_are_escaped_at_the_start_of_a_line(string input, string expected)
    {
        Assert.Equal(expected, MarkdownEscaper.Escape(input, lineStart: true));
        Assert.DoesNotContain('＝', MarkdownEscaper.Escape("a = b", lineStart: true));
    }

    [Fact]
    public void Line_start_markers_are_kept_inside_a_line()
        => Assert.Equal("- item 1. one", MarkdownEscaper.Escape("- item 1. one", lineStart: false));

    [Fact]
    public void Line_breaks_controls_and_odd_spaces_collapse_to_one_space_and_are_trimmed()
    {
        var escaped = MarkdownEscaper.Escape("  one\r\ntwo\nthree\u2028four\u2029five\u0085six\tseven\u0000eight\u001bnine\u00A0ten\u3000eleven  \n");

        Assert.Equal("one two three four five six seven eight nine ten eleven", escaped);
    }

    [Fact]
    public void Lone_surrogates_become_replacement_characters_and_pairs_stay()
    {
        Assert.Equal("a\uFFFDb\uFFFDc😀", MarkdownEscaper.Escape("a\uD800b\uDC00c😀"));
        Assert.Equal("\uFFFD", MarkdownEscaper.Escape("\uDBFF"));
    }

    [Fact]
    public void Bidi_overrides_and_other_invisible_format_characters_are_removed_but_joiners_stay()
    {
        Assert.Equal("invoice gnp.exe", MarkdownEscaper.Escape("invoice \u202Egnp.exe\u202C\uFEFF\u00AD"));
        Assert.Equal("👨\u200D👩\u200D👧", MarkdownEscaper.Escape("👨\u200D👩\u200D👧"));
    }

    [Fact]
    public void Truncation_appends_an_ellipsis_and_respects_the_limit()
    {
        var escaped = MarkdownEscaper.Escape(new string('a', 500), 100);

        Assert.Equal(100, escaped.Length);
        Assert.EndsWith("a\u2026", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        for (var max = 2; max < 12; max++)
        {
            var escaped = MarkdownEscaper.Escape(string.Concat(Enumerable.Repeat("😀", 10)), max);

            Assert.True(escaped.Length <= max);
            AssertWellFormed(escaped);
        }
    }

    [Fact]
    public void Truncation_keeps_combining_marks_and_emoji_sequences_whole()
    {
        // "é" as e + U+0301, and a family emoji joined with ZWJs: neither may be cut in the middle.
        // (From 3 on: below that the first element itself does not fit, and the only way to show anything is to cut it.)
        var text = "e\u0301e\u0301e\u0301 👨\u200D👩\u200D👧 tail";
        for (var max = 3; max < text.Length; max++)
        {
            var escaped = MarkdownEscaper.Escape(text, max).TrimEnd('\u2026');
            Assert.False(text.Length > escaped.Length && text[escaped.Length] == '\u0301', $"cut before a combining mark at {max}");
            Assert.False(escaped.EndsWith("\u200D", StringComparison.Ordinal), $"cut after a joiner at {max}");
            AssertWellFormed(escaped);
        }
    }

    [Fact]
    public void The_byte_estimate_matches_the_json_body_for_typical_text()
    {
        foreach (var text in new[] { "plain ASCII \"quoted\" text", "订单号 2024050100 已超时", "emoji 😀 and ＠ full width", "# [x](y) @z\r\n- a" })
        {
            var sb = new StringBuilder();
            var estimate = MarkdownEscaper.AppendInline(sb, text, 1000);

            Assert.Equal(JsonTextBytes(sb.ToString()), estimate);
        }
    }

    [Fact]
    public void Null_and_empty_produce_nothing() => Assert.Equal(string.Empty, MarkdownEscaper.Escape(null) + MarkdownEscaper.Escape(string.Empty) + MarkdownEscaper.Escape(" \n\t "));

    internal static int JsonTextBytes(string text)
    {
        // The bytes the text adds to a markdown body, as the real writer encodes it.
        var empty = DingTalk.Robot.Serialization.DingTalkMessageWriter.ToUtf8Bytes(new MarkdownMessage("t", "x")).Length;
        return DingTalk.Robot.Serialization.DingTalkMessageWriter.ToUtf8Bytes(new MarkdownMessage("t", "x" + text)).Length - empty;
    }

    private static void AssertWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                Assert.True(i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]), $"lone high surrogate at {i} in {s}");
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(s[i]), $"lone low surrogate at {i}");
            }
        }
    }
}
