using DingTalk.Robot.Digest;
using static DingTalk.Robot.Tests.Digest.Scenario;

namespace DingTalk.Robot.Tests.Digest;

/// <summary>
/// An event created with <see cref="DigestEventDetails"/> renders its message and properties only when they are read,
/// once, and the digest reads them only for the examples it shows; what the details throw never reaches the digest.
/// </summary>
public sealed class DeferredDetailsTests
{
    [Fact]
    public void A_flood_of_one_template_renders_only_the_examples_the_digest_shows()
    {
        var batch = new DigestBatch();
        var details = new List<CountingDetails>();
        for (var i = 0; i < 1_000; i++)
        {
            var d = new CountingDetails("Timeout calling billing (call " + i + ")", ("Service", "billing"));
            details.Add(d);
            batch.Add(new DigestEvent(Start.AddMilliseconds(i), DigestLevel.Error, "Timeout calling {Service}", d) { Source = "OrderService.Api" });
        }

        var digest = Format(batch);

        var rendered = details.Where(d => d.MessageRenders > 0).ToList();
        Assert.InRange(rendered.Count, 1, batch.Groups[0].ExampleCount);
        Assert.Equal(digest.EventsShown, rendered.Count);
        Assert.All(details, d => Assert.InRange(d.MessageRenders, 0, 1));
        Assert.All(details, d => Assert.InRange(d.PropertyRenders, 0, 1));
        Assert.Contains("(call 0)", digest.Message.Text);
        Assert.Contains("(call 999)", digest.Message.Text);
        Assert.DoesNotContain("(call 500)", digest.Message.Text);
    }

    [Fact]
    public void Details_are_rendered_once_and_then_let_go()
    {
        var details = new CountingDetails("Paid 10", ("Amount", "10"));
        var e = new DigestEvent(Start, DigestLevel.Warning, "Paid {Amount}", details);

        Assert.Equal(0, details.MessageRenders);
        Assert.Equal("Paid 10", e.RenderedMessage);
        Assert.Equal("Paid 10", e.RenderedMessage);
        Assert.Equal(new[] { new KeyValuePair<string, string>("Amount", "10") }, e.Properties);
        Assert.Equal(new[] { new KeyValuePair<string, string>("Amount", "10") }, e.Properties);
        Assert.Equal(1, details.MessageRenders);
        Assert.Equal(1, details.PropertyRenders);
    }

    [Fact]
    public void Properties_set_by_the_front_end_win_over_the_details()
    {
        var details = new CountingDetails("Paid 10", ("Amount", "10"));
        var e = new DigestEvent(Start, DigestLevel.Warning, "Paid {Amount}", details) { Properties = null };

        Assert.Null(e.Properties);
        Assert.Equal(0, details.PropertyRenders);
    }

    [Fact]
    public void Details_that_throw_cost_only_the_part_they_render()
    {
        var e = new DigestEvent(Start, DigestLevel.Error, "Charge {Card} failed", new ThrowingDetails());

        Assert.Equal("Charge {Card} failed", e.RenderedMessage);
        Assert.Null(e.Properties);

        var batch = new DigestBatch();
        batch.Add(e);
        var digest = Format(batch);
        Assert.False(digest.IsFallback);
        Assert.Contains("Charge {Card} failed", digest.Message.Text);
    }

    [Fact]
    public void Details_are_required()
        => Assert.Throws<ArgumentNullException>(() => new DigestEvent(Start, DigestLevel.Error, "x", (DigestEventDetails)null!));

    private sealed class CountingDetails(string message, params (string Key, string Value)[] properties) : DigestEventDetails
    {
        public int MessageRenders { get; private set; }

        public int PropertyRenders { get; private set; }

        public override string RenderMessage()
        {
            MessageRenders++;
            return message;
        }

        public override IReadOnlyList<KeyValuePair<string, string>>? RenderProperties()
        {
            PropertyRenders++;
            return properties.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToArray();
        }
    }

    private sealed class ThrowingDetails : DigestEventDetails
    {
        public override string RenderMessage() => throw new FormatException("a value's ToString threw");

        public override IReadOnlyList<KeyValuePair<string, string>>? RenderProperties() => throw new InvalidOperationException("no");
    }
}
