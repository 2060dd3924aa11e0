using DingTalk.Robot.Digest;
using DingTalk.Robot.Testing;
using static DingTalk.Robot.Tests.Digest.Scenario;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Digest;

/// <summary>
/// With a <see cref="DigestEventReader{TEvent}"/>, the engine reads grouping's fields of every event and builds a
/// <see cref="DigestEvent"/> only for the examples a digest shows, at most once each; a reader that throws costs an
/// event its details, never its count.
/// </summary>
public sealed class DigestEventReaderTests
{
    [Fact]
    public void A_flood_of_one_template_builds_only_the_examples_the_digest_shows()
    {
        var reader = new CountingReader();
        var batch = new DigestBatch(materialize: item => reader.ToDigestEvent((Item)item));
        for (var i = 0; i < 1_000; i++)
        {
            batch.Add(Fold(reader, new Item(i, DigestLevel.Error, "Timeout calling {Service}")));
        }

        var digest = Format(batch);

        Assert.Equal(1_000, batch.EventCount);
        Assert.InRange(reader.Built.Count, 1, batch.Groups[0].ExampleCount);
        Assert.Equal(reader.Built.Count, reader.Built.Distinct().Count());
        Assert.Contains("call 0 ", digest.Message.Text);
        Assert.Contains("call 999 ", digest.Message.Text);
        Assert.DoesNotContain("call 500 ", digest.Message.Text);
    }

    [Fact]
    public void An_example_that_cannot_be_built_says_so_and_keeps_its_count()
    {
        var batch = new DigestBatch(materialize: _ => throw new InvalidCastException("not ours"));
        var reader = new CountingReader();
        for (var i = 0; i < 5; i++)
        {
            batch.Add(Fold(reader, new Item(i, DigestLevel.Error, "Charge {Card} failed")));
        }

        var digest = Format(batch);

        Assert.False(digest.IsFallback);
        Assert.Equal(5, digest.EventCount);
        Assert.Contains("Charge {Card} failed", digest.Message.Text);
        Assert.Contains("could not be rendered (InvalidCastException)", digest.Message.Text);
    }

    [Fact]
    public async Task The_engine_counts_every_event_and_builds_only_the_shown_ones()
    {
        await using var robot = await RobotEmulator.StartAsync();
        var reader = new CountingReader { ThrowFor = 7 };
        var pipeline = new DigestEngine<Item>(
            new DingTalkDigestOptions { WebhookUrl = robot.WebhookUrl, BufferingTimeLimit = TimeSpan.FromMinutes(1) }, reader, diagnostics: null);
        for (var i = 0; i < 2_000; i++)
        {
            Assert.True(pipeline.TryEnqueue(new Item(i, i % 2 == 0 ? DigestLevel.Error : DigestLevel.Warning, "Template " + (i % 3))));
        }

        await pipeline.DisposeAsync();

        var text = string.Concat(robot.Messages.Select(m => m.Text));
        Assert.Equal(2_000, robot.Messages.Sum(DingTalk.Testing.Shared.DigestText.EventCount));
        Assert.Contains("An event could not be rendered", text);
        Assert.InRange(reader.Built.Count, 1, 4 * 10);
    }

    private static FoldedEvent Fold(CountingReader r, Item item)
        => new(r.GetTimestamp(item), r.GetLevel(item), r.GetMessageTemplate(item), r.GetSource(item), r.GetException(item), item);

    internal sealed record Item(int Number, DigestLevel Level, string Template);

    private sealed class CountingReader : DigestEventReader<Item>
    {
        public List<int> Built { get; } = new();

        public int? ThrowFor { get; init; }

        public override DateTimeOffset GetTimestamp(Item item) => Start.AddMilliseconds(item.Number);

        public override DigestLevel GetLevel(Item item) => item.Level;

        public override string GetMessageTemplate(Item item)
            => item.Number == ThrowFor ? throw new InvalidOperationException("a getter threw") : item.Template;

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
