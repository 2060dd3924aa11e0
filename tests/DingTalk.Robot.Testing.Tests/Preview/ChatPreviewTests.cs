using System.Globalization;
using System.Text.Json;

namespace DingTalk.Robot.Testing.Tests.Preview;

public sealed class ChatPreviewTests : IDisposable
{
    private const string Digest = """
        #### [ERROR] OrderService · Production · web-01

        > **3 errors, 12 warnings** in 5 minutes  
        > 10:00:01 – 10:04:58

        #### <font color=#d9001b>ERROR</font> ×3 · Timeout calling "payments"

        - 10:00:01 **ERROR** Timeout calling "payments"  
          OrderId = 1042
        - 10:03:40 **WARNING** 订单已关闭

        @13800000000
        """;

    private readonly RobotClient _client = new();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task A_markdown_digest_shows_its_title_as_the_notification_then_the_rendered_markdown()
    {
        await using var robot = await RobotEmulator.StartAsync();
        await PostAsync(robot, Markdown("[ERROR] OrderService: 3 errors, 12 warnings", Digest, mobiles: ["13800000000"]));

        var html = ChatPreview.RenderHtml(robot.Messages);

        HtmlAssert.IsSelfContainedPage(html);
        Assert.Contains("<span class=\"group\">On-call</span>", html, StringComparison.Ordinal);
        Assert.Contains(
            "<div class=\"bubble card\"><div class=\"notice\">",
            html,
            StringComparison.Ordinal);
        Assert.Contains("<span>[ERROR] OrderService: 3 errors, 12 warnings</span></div><div class=\"md\"><h4>[ERROR] OrderService · Production · web-01</h4>", html, StringComparison.Ordinal);
        Assert.Contains("<blockquote><p><strong>3 errors, 12 warnings</strong> in 5 minutes<br>10:00:01 – 10:04:58</p></blockquote>", html, StringComparison.Ordinal);
        Assert.Contains("<h4><span style=\"color:#d9001b\">ERROR</span> ×3 · Timeout calling &quot;payments&quot;</h4>", html, StringComparison.Ordinal);
        Assert.Contains("<li>10:03:40 <strong>WARNING</strong> 订单已关闭</li>", html, StringComparison.Ordinal);
        Assert.Contains("<p><span class=\"at\">@13800000000</span></p>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"name\">Robot</span>", html, StringComparison.Ordinal);
        Assert.Contains(">" + robot.Messages[0].ReceivedAt.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture) + "</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_message_type_is_drawn_recognisably_in_order()
    {
        await using var robot = await RobotEmulator.StartAsync();
        foreach (var body in new[] { Bodies.Text, Bodies.Markdown, Bodies.Link, Bodies.ActionCardSingle, Bodies.ActionCardButtons, Bodies.FeedCard })
        {
            await PostAsync(robot, body);
        }

        var html = ChatPreview.RenderHtml(robot.Messages, "Ops 值班");

        HtmlAssert.IsSelfContainedPage(html);
        Assert.Contains("<span class=\"group\">Ops 值班</span>", html, StringComparison.Ordinal);
        Assert.Equal(6, Count(html, "<div class=\"msg "));
        Assert.Contains("<div class=\"bubble text\">disk full on <span class=\"at\">@13800000000</span></div>", html, StringComparison.Ordinal);
        Assert.Contains("<span>Errors</span></div><div class=\"md\"><h3>3 errors</h3><ul><li><strong>db</strong> timeout</li></ul></div>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"card-title\">Release</div><div class=\"card-row\"><div class=\"card-text\">v1.2 is out</div><div class=\"thumb\">", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"card-source\">example.com</div>", html, StringComparison.Ordinal);
        Assert.Contains("<span>Deploy</span></div><div class=\"md\"><p><strong>v1.2</strong> ready</p></div><div class=\"buttons\"><span class=\"button\">Read more</span></div>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"buttons row\"><span class=\"button\">A</span><span class=\"button\">B</span></div>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"feed-title\">News 1</div>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"feed-text\">News 2</div>", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("disk full", StringComparison.Ordinal) < html.IndexOf("News 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_mentions_in_at_are_blue_and_link_cards_cannot_mention()
    {
        await using var robot = await RobotEmulator.StartAsync();
        await PostAsync(robot, Text("@13800000000 and @13900000000 and @ops-lead", mobiles: ["13800000000"], userIds: ["ops-lead"]));
        await PostAsync(robot, """{"msgtype":"link","link":{"title":"@13800000000","text":"@13800000000","messageUrl":"https://example.com/r"},"at":{"atMobiles":["13800000000"]}}""");

        var html = robot.RenderChatHtml();

        Assert.Contains("<span class=\"at\">@13800000000</span> and @13900000000 and <span class=\"at\">@ops-lead</span>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"card-title\">@13800000000</div>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_message_text_titles_and_group_names_stay_text()
    {
        await using var robot = await RobotEmulator.StartAsync();
        await PostAsync(robot, Text("<script>alert(1)</script> <img src=x onerror=alert(1)>"));
        await PostAsync(robot, Markdown("<img src=x onerror=alert(1)>", "[click](javascript:alert(1)) **unbalanced <svg onload=alert(1)>"));
        await PostAsync(robot, """{"msgtype":"link","link":{"title":"</div><script>x</script>","text":"\"'><b>","messageUrl":"javascript:alert(1)","picUrl":"https://evil.example/p.png"}}""");
        await PostAsync(robot, """{"msgtype":"actionCard","actionCard":{"title":"t","text":"x","btns":[{"title":"<a href=https://evil.example>b</a>","actionURL":"https://evil.example"}]}}""");
        await PostAsync(robot, """{"msgtype":"feedCard","feedCard":{"links":[{"title":"<iframe src=https://evil.example>","messageURL":"https://evil.example","picURL":"https://evil.example/p.png"}]}}""");

        var html = ChatPreview.RenderHtml(robot.Messages, "<script>alert('group')</script>");

        HtmlAssert.IsSelfContainedPage(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<span>&lt;img src=x onerror=alert(1)&gt;</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"md-link\">click</span> **unbalanced &lt;svg onload=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"group\">&lt;script&gt;alert(&#39;group&#39;)&lt;/script&gt;</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<div class=\"card-source\">", html, StringComparison.Ordinal); // a javascript: URL has no host to show
    }

    [Fact]
    public async Task The_emulator_renders_its_own_messages()
    {
        await using var robot = await RobotEmulator.StartAsync();
        await PostAsync(robot, Bodies.Markdown);
        await PostAsync(robot, Bodies.Text);

        Assert.Equal(ChatPreview.RenderHtml(robot.Messages, "Team"), robot.RenderChatHtml("Team"));
        Assert.Equal(ChatPreview.RenderHtml(robot.Messages), robot.RenderChatHtml());
    }

    [Fact]
    public void No_messages_give_an_empty_chat()
    {
        var html = ChatPreview.RenderHtml([]);

        HtmlAssert.IsSelfContainedPage(html);
        Assert.Contains("<div class=\"day\">No messages</div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"msg ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>("messages", () => ChatPreview.RenderHtml(null!));
        Assert.Throws<ArgumentNullException>("groupName", () => ChatPreview.RenderHtml([], null!));
        Assert.Throws<ArgumentNullException>("messages", () => ChatPreview.RenderHtml([null!]));
    }

    [Fact]
    public async Task The_page_is_self_contained_with_inline_css_and_a_cjk_font_stack()
    {
        await using var robot = await RobotEmulator.StartAsync();
        await PostAsync(robot, Markdown("图片", "![](https://example.com/p.png) [link](https://example.com)"));
        await PostAsync(robot, Bodies.FeedCard);

        var html = robot.RenderChatHtml();

        HtmlAssert.IsSelfContainedPage(html);
        Assert.Contains("<span class=\"md-img\">image</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com/p.png", html, StringComparison.Ordinal);
        Assert.Contains("\"PingFang SC\"", html, StringComparison.Ordinal);
        Assert.Contains("\"Noto Sans CJK SC\"", html, StringComparison.Ordinal);
        Assert.Contains("\"Microsoft YaHei\"", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
    }

    private static string Text(string content, string[]? mobiles = null, string[]? userIds = null) => JsonSerializer.Serialize(new
    {
        msgtype = "text",
        text = new { content },
        at = new { atMobiles = mobiles ?? [], atUserIds = userIds ?? [], isAtAll = false },
    });

    private static string Markdown(string title, string text, string[]? mobiles = null) => JsonSerializer.Serialize(new
    {
        msgtype = "markdown",
        markdown = new { title, text },
        at = new { atMobiles = mobiles ?? [], isAtAll = false },
    });

    private static int Count(string text, string value) => text.Split(value).Length - 1;

    private async Task PostAsync(RobotEmulator robot, string body)
    {
        var response = await _client.PostAsync(robot.WebhookUrl, body); // application/json; charset=utf-8
        Assert.Equal(0, response.ErrCode);
    }
}
