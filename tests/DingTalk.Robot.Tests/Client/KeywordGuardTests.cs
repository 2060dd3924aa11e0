using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Tests.Client;

public class KeywordGuardTests
{
    private static readonly string[] Keywords = { "告警", "alert" };

    [Fact]
    public void NothingIsAppendedWithoutKeywords()
        => Assert.Null(KeywordGuard.GetTextToAppend(new TextMessage("hello"), Array.Empty<string>()));

    [Fact]
    public void NothingIsAppendedWhenAnyKeywordIsPresent()
        => Assert.Null(KeywordGuard.GetTextToAppend(new MarkdownMessage("t", "an alert"), Keywords));

    [Fact]
    public void TheFirstKeywordIsAppendedAsAParagraphToText()
    {
        Assert.Equal("\n\n告警", KeywordGuard.GetTextToAppend(new TextMessage("hello"), Keywords));
        Assert.Equal("\n\n告警", KeywordGuard.GetTextToAppend(new MarkdownMessage("t", "hello"), Keywords));
        Assert.Equal("\n\n告警", KeywordGuard.GetTextToAppend(new ActionCardMessage("t", "hello"), Keywords));
    }

    [Fact]
    public void SingleLineFieldsGetASpace()
    {
        Assert.Equal(" 告警", KeywordGuard.GetTextToAppend(new LinkMessage("t", "hello", "https://example.com"), Keywords));
        Assert.Equal(" 告警", KeywordGuard.GetTextToAppend(new FeedCardMessage(new[] { new FeedCardLink("t", "https://e.com", "https://e.com/p.png") }), Keywords));
    }

    [Fact]
    public void AMarkdownTitleAloneDoesNotCount()
        => Assert.NotNull(KeywordGuard.GetTextToAppend(new MarkdownMessage("告警", "hello"), Keywords));
}
