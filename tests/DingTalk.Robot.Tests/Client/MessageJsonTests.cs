using System.Text;
using System.Text.Json;
using DingTalk.Robot.Serialization;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Tests.Client;

/// <summary>The exact bodies of the five message types, checked against approved files (Approved/*.approved.json).</summary>
public class MessageJsonTests
{
    [Fact]
    public void Text_body()
        => Verify(
            new TextMessage("订单服务出错了 @13800000000 @u1")
            {
                At = new Mentions { AtMobiles = { "13800000000" }, AtUserIds = { "u1" } },
                MsgUuid = "7f3c2a",
            },
            "text");

    [Fact]
    public void Text_body_with_an_appended_keyword()
        => Verify(new TextMessage("disk almost full"), "text-keyword", appendToText: "\n\n告警");

    [Fact]
    public void Markdown_body()
        => Verify(
            new MarkdownMessage("生产环境告警", "### 3 个错误\n\n> 超时 **5** 次\n\n- [详情](https://example.com/a?b=1&c=2)")
            {
                At = new Mentions { IsAtAll = true },
            },
            "markdown");

    [Fact]
    public void Link_body()
        => Verify(
            new LinkMessage("发布完成", "v1.2.3 已上线", "https://example.com/release", "https://example.com/logo.png")
            {
                // Link messages cannot mention: the writer leaves "at" out.
                At = new Mentions { IsAtAll = true },
            },
            "link");

    [Fact]
    public void Link_body_without_a_picture()
        => Verify(new LinkMessage("title", "text", "https://example.com/"), "link-no-picture");

    [Fact]
    public void ActionCard_body_with_a_single_button()
        => Verify(
            new ActionCardMessage("部署", "#### 部署成功\n\n全部 3 台机器")
            {
                SingleTitle = "阅读全文",
                SingleUrl = "https://example.com/deploy/42",
                Buttons = { new ActionCardButton("ignored", "https://example.com/ignored") },
            },
            "actioncard-single");

    [Fact]
    public void ActionCard_body_with_several_buttons()
        => Verify(
            new ActionCardMessage("审批", "请处理")
            {
                BtnOrientation = ActionCardButtonOrientation.Horizontal,
                HideAvatar = true,
                Buttons =
                {
                    new ActionCardButton("同意", "https://example.com/yes"),
                    new ActionCardButton("拒绝", "https://example.com/no"),
                },
                MsgUuid = "card-1",
            },
            "actioncard-multi");

    [Fact]
    public void FeedCard_body()
        => Verify(
            new FeedCardMessage(new[]
            {
                new FeedCardLink("第一条", "https://example.com/1", "https://example.com/1.png"),
                new FeedCardLink("second", "https://example.com/2", "https://example.com/2.png"),
            }),
            "feedcard");

    [Fact]
    public void Chinese_text_stays_unescaped_UTF8()
    {
        var bytes = DingTalkMessageWriter.ToUtf8Bytes(new TextMessage("钉钉机器人 <b>&amp;</b>"));
        var json = Encoding.UTF8.GetString(bytes);

        Assert.Contains("钉钉机器人", json);
        Assert.DoesNotContain("\\u", json);

        // 5 CJK characters are 15 bytes in UTF-8, against 30 as \uXXXX escapes.
        Assert.Equal(Encoding.UTF8.GetByteCount(json), bytes.Length);
    }

    private static void Verify(DingTalkMessage message, string name, string? appendToText = null)
    {
        var json = Encoding.UTF8.GetString(DingTalkMessageWriter.ToUtf8Bytes(message, appendToText: appendToText));

        // Still valid JSON, whatever the approved text says.
        using (JsonDocument.Parse(json))
        {
        }

        Approvals.Verify(json, name, "json");
    }
}
