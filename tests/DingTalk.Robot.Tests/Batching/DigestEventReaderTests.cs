using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Testing;
using DingTalk.Testing.Shared;
using static DingTalk.Robot.Tests.Markdown.Scenario;

namespace DingTalk.Robot.Tests.Batching;

/// <summary>
/// With a <see cref="DigestEventReader{TEvent}"/>, the engine reads grouping's fields of every event and builds a
/// <see cref="DigestEvent"/> only for the examples a digest shows; a reader that throws costs an event its details,
/// never its count. (What the content hop asks of a reader: <c>DigestContentTests</c>.)
/// </summary>
public sealed class DigestEventReaderTests
{
    [Fact]
    public void Fold_reads_each_getter_once_and_keeps_the_event_unrendered()
    {
        var reader = new CountingReader();

        var folded = reader.Fold(new Item(7, DigestLevel.Warning, "Template"));

        Assert.Equal(Start.AddMilliseconds(7), folded.Timestamp);
        Assert.Equal(DigestLevel.Warning, folded.Level);
        Assert.Equal("Template", folded.Template);
        Assert.Equal("OrderService.Api", folded.Source);
        Assert.Equal(7, folded.Item.Number);
        Assert.Equal(1, reader.TemplateReads);
        Assert.Empty(reader.Built);
    }

    [Fact]
    public void The_pass_through_reader_reads_a_digest_event_as_it_is()
    {
        var e = Event(1, DigestLevel.Error, "T {X}", "T 1", exception: new TimeoutException("t"));
        var reader = DigestEventPassThroughReader.Instance;

        var folded = reader.Fold(e);

        Assert.Same(e, folded.Item);
        Assert.Same(e, reader.ToDigestEvent(e));
        Assert.Same(e.Exception, folded.Exception);
        Assert.Equal(e.Timestamp, folded.Timestamp);
    }

    [Fact]
    public async Task The_engine_counts_every_event_and_builds_only_the_shown_ones()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var reader = new CountingReader { ThrowFor = 7 };
        var engine = new DigestEngine<Item>(
            new DingTalkDigestOptions { WebhookUrl = robot.WebhookUrl, BufferingTimeLimit = TimeSpan.FromMinutes(1) }, reader, diagnostics: null);
        for (var i = 0; i < 2_000; i++)
        {
            Assert.True(engine.TryEnqueue(new Item(i, i % 2 == 0 ? DigestLevel.Error : DigestLevel.Warning, "Template " + (i % 3))));
        }

        await engine.DisposeAsync();

        var text = string.Concat(robot.Messages.Select(m => m.Text));
        Assert.Equal(2_000, robot.Messages.Sum(DigestText.EventCount));
        Assert.Contains("An event could not be read", text);
        Assert.Contains("a getter threw", text);
        Assert.InRange(reader.Built.Count, 1, 4 * 10);
    }

    internal sealed record Item(int Number, DigestLevel Level, string Template);

    private sealed class CountingReader : DigestEventReader<Item>
    {
        public List<int> Built { get; } = new();

        public int? ThrowFor { get; init; }

        public int TemplateReads { get; private set; }

        public override DateTimeOffset GetTimestamp(Item item) => Start.AddMilliseconds(item.Number);

        public override DigestLevel GetLevel(Item item) => item.Level;

        public override string GetMessageTemplate(Item item)
        {
            TemplateReads++;
            return item.Number == ThrowFor ? throw new InvalidOperationException("a getter threw") : item.Template;
        }

        public override string? GetSource(Item item) => "OrderService.Api";

        public override DigestEvent ToDigestEvent(Item item)
        {
            lock (Built)
            {
                Built.Add(item.Number);
            }

            return new DigestEvent(GetTimestamp(item), item.Level, item.Template, "call " + item.Number + " failed") { Source = GetSource(item) };
        }
    }
}
