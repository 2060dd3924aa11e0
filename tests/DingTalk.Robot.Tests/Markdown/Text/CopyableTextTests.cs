using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Tests.Markdown.Text;

/// <summary>
/// Stack frames, type names and paths copy back into a code search as they were: the escaper changes only what could
/// form markup where it stands (the injection cases stay in <see cref="MarkdownEscaperTests"/>).
/// </summary>
public sealed class CopyableTextTests
{
    [Theory]
    [InlineData("at Program.<Main>$(String[] args) in /src/app/Program.cs:line 12")]
    [InlineData("at OrderService.Orders.CheckoutService.<PlaceAsync>d__12.MoveNext()")]
    [InlineData("at OrderService.Api.<>c__DisplayClass5_0.<MapOrders>b__0(Int32 id)")]
    [InlineData("at Program.<<Main>$>b__0_0(HttpContext context)")]
    [InlineData("at OrderService.Orders.Order.<Total>k__BackingField")]
    [InlineData("RequestPath:/orders/42 RequestId:0HNQC8UL3O5AT:00000001")]
    [InlineData("GET /orders/42?expand=lines returned 500")]
    [InlineData("C:/src/app/Program.cs and /home/build/src/OrderService/Http/PaymentsClient.cs:line 87")]
    [InlineData("if a < b and c <= d or x<5 then <>")]
    [InlineData("Byte[] buffer, Int32[] counts")]
    public void Frames_paths_and_names_arrive_unchanged(string text) => Assert.Equal(text, MarkdownEscaper.Escape(text));

    [Fact]
    public void A_generic_arity_backtick_stays_when_the_caller_allows_one()
    {
        Assert.Equal("at Microsoft.Extensions.Logging.Logger`1.Log", MarkdownEscaper.Escape("at Microsoft.Extensions.Logging.Logger`1.Log", allowBacktick: true));
        Assert.Equal("ILogger｀1", MarkdownEscaper.Escape("ILogger`1"));

        // Only one: a second would close a code span with the first.
        Assert.Equal("Dictionary`2 and List｀1", MarkdownEscaper.Escape("Dictionary`2 and List`1", allowBacktick: true));
    }

    [Theory]
    [InlineData("x<b>y__z", "x＜b＞y＿＿z")]
    [InlineData("<textarea>$ hides the rest", "＜textarea＞$ hides the rest")]
    [InlineData("Program.<Main> followed by a space", "Program.＜Main＞ followed by a space")]
    [InlineData("<Main>$ at the start of a line", "＜Main＞$ at the start of a line")]
    [InlineData("List<T> and Task<int>", "List＜T＞ and Task＜int＞")]
    [InlineData("![](http://e.example/i.png) and [](x)", "!［］(http:／／e.example/i.png) and ［］(x)")]
    [InlineData("[]: http://e.example", "［］: http:／／e.example")]
    [InlineData("a`b`", "a｀b｀")]
    [InlineData("end with <", "end with ＜")]
    [InlineData("<!-- comment --> <?pi?> </p>", "＜!-- comment --＞ ＜?pi?＞ ＜/p＞")]
    public void What_could_still_form_markup_is_escaped(string input, string expected)
        => Assert.Equal(expected, MarkdownEscaper.Escape(input, lineStart: true, allowBacktick: true));
}
