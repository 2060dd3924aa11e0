using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Tests.Client;

public class KeywordGuardTests
{
    private static readonly string[] Keywords = { "告警", "alert" };

    [Fact]
    public void Nothing_is_appended_without_keywords()
        => Assert.Null(KeywordGuard.GetTextToAppend(new TextMessage("hello"), Array.Empty<string>()));

    [Fact]
    public void Nothing_is_appended_when_any_keyword_is_present()
        => Assert.Null(KeywordGuard.GetTextToAppend(new MarkdownMessage("t", "an alert"), Keywords));

    [Fact]
    public void The_first_keyword_is_appended_as_a_paragraph_to_text()
    {
        Assert.Equal("\n\n告警", KeywordGuard.GetTextToAppend(new TextMessage("hello"), Keywords));
        Assert.Equal("\n\n告警", KeywordGuard.GetTextToAppend(new MarkdownMessage("t", "hello"), Keywords));
        Assert.Equal("\n\n告警", KeywordGuard.GetTextToAppend(new ActionCardMessage("t", "hello"), Keywords));
    }

    [Fact]
    public void Single_line_fields_get_a_space()
    {
        Assert.Equal(" 告警", KeywordGuard.GetTextToAppend(new LinkMessage("t", "hello", "https://example.com"), Keywords));
        Assert.Equal(" 告警", KeywordGuard.GetTextToAppend(new FeedCardMessage(new[] { new FeedCardLink("t", "https://e.com", "https://e.com/p.png") }), Keywords));
    }

    [Fact]
    public void A_markdown_title_alone_does_not_count()
        => Assert.NotNull(KeywordGuard.GetTextToAppend(new MarkdownMessage("告警", "hello"), Keywords));
}
