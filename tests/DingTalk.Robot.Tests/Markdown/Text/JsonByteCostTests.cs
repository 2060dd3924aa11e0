using DingTalk.Robot.Digest;
using DingTalk.Robot.Serialization;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Tests.Markdown.Text;

public sealed class JsonByteCostTests
{
    [Fact]
    public void The_estimate_is_never_below_what_the_writer_produces_for_any_bmp_character()
    {
        var text = new char[0xF800];
        var n = 0;
        for (var c = 0; c < 0x10000; c++)
        {
            if (c < 0xD800 || c > 0xDFFF)
            {
                text[n++] = (char)c;
            }
        }

        // All of them at once, then spot checks: the estimate is an upper bound overall and per character.
        var all = new string(text, 0, n);
        Assert.True(JsonByteCost.Of(all) >= MarkdownEscaperTests.JsonTextBytes(all));
        for (var c = 0; c < 0x10000; c += 97)
        {
            if (c is < 0xD800 or > 0xDFFF)
            {
                var s = ((char)c).ToString();
                Assert.True(JsonByteCost.Of(s) >= MarkdownEscaperTests.JsonTextBytes(s), $"U+{c:X4}");
            }
        }
    }

    [Fact]
    public void An_emoji_costs_twelve_bytes_escaped_as_a_surrogate_pair()
        => Assert.Equal(MarkdownEscaperTests.JsonTextBytes("😀"), JsonByteCost.Of("😀"));

    [Fact]
    public void Chinese_costs_three_bytes_a_character() => Assert.Equal(12, JsonByteCost.Of("钉钉告警"));

    [Fact]
    public void Writer_and_estimate_agree_on_markup()
        => Assert.Equal(DingTalkMessageWriter.ToUtf8Bytes(new MarkdownMessage("t", "x" + "#### <font color=#E53935>ERROR</font> ×5 · \"q\"\n\n")).Length - DingTalkMessageWriter.ToUtf8Bytes(new MarkdownMessage("t", "x")).Length, JsonByteCost.Of("#### <font color=#E53935>ERROR</font> ×5 · \"q\"\n\n"));
}
