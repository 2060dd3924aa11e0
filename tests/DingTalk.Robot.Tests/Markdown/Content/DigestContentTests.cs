using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Content;
using static DingTalk.Robot.Tests.Markdown.Scenario;

namespace DingTalk.Robot.Tests.Markdown.Content;

/// <summary>
/// The hop before formatting: <see cref="DigestContent.From"/> renders, through the front end's reader, only the
/// examples a digest can show, reads the shown exceptions once, and leaves the formatter nothing but strings and
/// numbers. A reader that throws costs an example its rendering, never a count.
/// </summary>
public sealed class DigestContentTests
{
    [Fact]
    public void A_flood_of_one_template_renders_the_first_examples_and_the_latest_only()
    {
        var reader = new CountingReader();
        var batch = new DigestBatch<Item>();
        for (var i = 0; i < 1_000; i++)
        {
            batch.Add(reader.Fold(new Item(i, DigestLevel.Error, "Timeout calling {Service}")));
        }

        var digest = FormatThrough(reader, batch, Settings());

        Assert.Equal(new[] { 0, 1, 999 }, reader.Rendered);
        Assert.Equal(1_000, digest.EventCount);
        Assert.Contains("call 0 failed", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains("call 999 failed", digest.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_examples_max_events_shown_allows_are_rendered_worst_groups_first()
    {
        var reader = new CountingReader();
        var batch = new DigestBatch<Item>();
        for (var i = 0; i < 300; i++)
        {
            // 30 templates of 10 events; template 29 is the only fatal, so it comes first.
            var template = i % 30;
            batch.Add(reader.Fold(new Item(i, template == 29 ? DigestLevel.Fatal : DigestLevel.Error, "Template " + template)));
        }

        var content = DigestContent.From(batch, reader, Settings(s => s.MaxEventsShown = 5));

        // One example, the latest, for each of the five first groups: the fatal one, then the errors by first appearance.
        Assert.Equal(new[] { 299, 270, 271, 272, 273 }, reader.Rendered);
        Assert.Equal(5, content.Groups.Sum(g => g.Examples.Count));
        Assert.Equal("Template 29", content.Groups[0].Template);
        Assert.Equal(10, content.Groups.Count(g => g.IsSection));
        Assert.All(content.Groups.Skip(10), g => Assert.False(g.IsSection));
        Assert.Equal(300, content.Summary.EventCount);
    }

    [Fact]
    public void Formatting_runs_no_user_code_once_the_content_is_read()
    {
        var reader = new CountingReader();
        var exceptions = Enumerable.Range(0, 5).Select(_ => new CountingException()).ToArray();
        var batch = new DigestBatch<Item>();
        for (var i = 0; i < 50; i++)
        {
            var item = new Item(i, DigestLevel.Error, "Template " + (i % 5));
            batch.Add(new FoldedEvent<Item>(Start.AddSeconds(i), item.Level, item.Template, "Src", exceptions[i % 5], item));
        }

        // A tight limit: the layout tries several levels of detail for each section.
        var formatter = new MarkdownDigestFormatter(Settings(s => s.MaxBodyBytes = 3_000));
        var content = DigestContent.From(batch, reader, formatter.Settings);
        var rendered = reader.Rendered.Count;

        var first = formatter.Format(content, MsgUuid);
        var second = formatter.Format(content, MsgUuid);
        formatter.FormatCountsOnly(content.Summary, MsgUuid, "took too long to render");

        Assert.Equal(first.Message.Text, second.Message.Text);
        Assert.Contains("CountingException", first.Message.Text, StringComparison.Ordinal);
        Assert.Contains(content.Groups, g => g.IsSection && g.Summary.Count == 10);
        Assert.Equal(rendered, reader.Rendered.Count);

        // Each exception read once, when the content was read; never while formatting.
        Assert.All(exceptions, e => Assert.Equal((1, 1), (e.MessageReads, e.TraceReads)));
    }

    [Fact]
    public void A_reader_that_throws_costs_the_example_its_rendering_never_the_count()
    {
        var reader = new CountingReader { ThrowOnRender = n => n % 2 == 1 };
        var batch = new DigestBatch<Item>();
        for (var i = 0; i < 9; i++)
        {
            batch.Add(reader.Fold(new Item(i, DigestLevel.Error, "Charge {Card} failed")));
        }

        var digest = FormatThrough(reader, batch, Settings());

        Assert.False(digest.IsFallback);
        Assert.Equal(9, digest.EventCount);
        Assert.Contains("**9 errors**", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains("#### <font color=#E53935>ERROR</font> ×9 · Charge {Card} failed", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains("An event could not be rendered (InvalidCastException).", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains("call 0 failed", digest.Message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_that_returns_no_event_is_said_so()
    {
        var reader = new CountingReader { ReturnNull = true };
        var batch = new DigestBatch<Item>();
        batch.Add(reader.Fold(new Item(0, DigestLevel.Error, "Boom")));

        var digest = FormatThrough(reader, batch, Settings());

        Assert.Contains("An event could not be rendered (no event returned).", digest.Message.Text, StringComparison.Ordinal);
        Assert.Equal(1, digest.EventCount);
    }

    [Fact]
    public void An_unreadable_event_is_an_error_of_its_own_group_showing_what_went_wrong()
    {
        var reader = new CountingReader();
        var batch = new DigestBatch<Item>();
        batch.Add(reader.Fold(new Item(0, DigestLevel.Warning, "Slow query")));
        batch.AddUnreadable(Start.AddSeconds(5), "System.InvalidOperationException: a getter threw");
        batch.AddUnreadable(Start.AddSeconds(9), "System.FormatException: bad template");

        var digest = FormatThrough(reader, batch, Settings());
        var text = digest.Message.Text;

        Assert.Equal("[ERROR] OrderService: 2 errors, 1 warning", digest.Message.Title);
        Assert.Contains("#### <font color=#E53935>ERROR</font> ×2 · An event could not be read", text, StringComparison.Ordinal);
        Assert.Contains("- 10:00:05 System.InvalidOperationException: a getter threw\n- 10:00:09 System.FormatException: bad template\n", text, StringComparison.Ordinal);
        Assert.Equal(new[] { 0 }, reader.Rendered);
    }

    [Fact]
    public void A_batch_that_is_empty_or_missing_gives_the_empty_content()
    {
        Assert.Same(DigestContent.Empty, DigestContent.From<Item>(null!, new CountingReader(), Settings()));

        var content = DigestContent.From(new DigestBatch<Item>(), new CountingReader(), Settings());

        Assert.Empty(content.Groups);
        Assert.Equal(0, content.Summary.EventCount);
        Assert.Null(content.CountsOnlyReason);
    }

    private static FormattedDigest FormatThrough<TEvent>(DigestEventReader<TEvent> reader, DigestBatch<TEvent> batch, DigestFormatterSettings settings)
    {
        var formatter = new MarkdownDigestFormatter(settings);
        return formatter.Format(DigestContent.From(batch, reader, formatter.Settings), MsgUuid);
    }

    internal sealed record Item(int Number, DigestLevel Level, string Template);

    private sealed class CountingReader : DigestEventReader<Item>
    {
        public List<int> Rendered { get; } = new();

        public Func<int, bool>? ThrowOnRender { get; init; }

        public bool ReturnNull { get; init; }

        public override DateTimeOffset GetTimestamp(Item item) => Start.AddSeconds(item.Number);

        public override DigestLevel GetLevel(Item item) => item.Level;

        public override string GetMessageTemplate(Item item) => item.Template;

        public override string? GetSource(Item item) => "OrderService.Api";

        public override DigestEvent ToDigestEvent(Item item)
        {
            Rendered.Add(item.Number);
            if (ThrowOnRender?.Invoke(item.Number) == true)
            {
                throw new InvalidCastException("not ours");
            }

            return ReturnNull ? null! : new DigestEvent(GetTimestamp(item), item.Level, item.Template, "call " + item.Number + " failed");
        }
    }

    private sealed class CountingException : Exception
    {
        public int MessageReads { get; private set; }

        public int TraceReads { get; private set; }

        public override string Message
        {
            get
            {
                MessageReads++;
                return new string('m', 5_000);
            }
        }

        public override string? StackTrace
        {
            get
            {
                TraceReads++;
                return string.Concat(Enumerable.Repeat("   at Some.Frame() in /src/Frame.cs:line 1\n", 50));
            }
        }
    }
}
