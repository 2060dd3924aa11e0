using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Tests.Markdown;

namespace DingTalk.Robot.Tests.Reliability;

/// <summary>
/// AggregateException.Message concatenates every nested message, recursively, so one read of it at the top of a deep
/// tree reads every level below. Found by the front ends' property tests: a thousand nested aggregates around a long
/// message stalled the digest loop for seconds. The cost is counted here in reads, not measured in time.
/// </summary>
public sealed class DeepAggregateTests
{
    [Fact]
    public void A_thousand_nested_aggregates_are_rendered_without_reading_their_recursive_messages()
    {
        var reads = new int[1];
        Exception tree = new InvalidOperationException("the root cause: " + new string('x', 10_000));
        for (var i = 0; i < 1_000; i++)
        {
            tree = new CountingAggregate(reads, "level " + i, tree, new TimeoutException("sibling " + i));
        }

        var batch = new DigestBatch<DigestEvent>();
        batch.Add(new DigestEvent(DateTimeOffset.UnixEpoch, DigestLevel.Error, "Import failed", "Import failed") { Exception = tree });
        var digest = Format(batch);

        Assert.False(digest.IsFallback);
        Assert.Contains("CountingAggregate", digest.Message.Text, StringComparison.Ordinal);
        Assert.Contains("(2 inner exceptions)", digest.Message.Text, StringComparison.Ordinal);

        // Before the fix: over five thousand (each of the few levels shown read all the levels below it).
        Assert.True(reads[0] <= 10, $"{reads[0]} reads of AggregateException.Message");
    }

    [Fact]
    public void A_small_aggregate_still_shows_its_own_message()
    {
        var aggregate = new AggregateException("Import of batch 42 failed", new InvalidOperationException("row 7"), new TimeoutException("row 9"));
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(new DigestEvent(DateTimeOffset.UnixEpoch, DigestLevel.Error, "Import failed", "Import failed") { Exception = aggregate });

        var digest = Format(batch);

        Assert.Contains("Import of batch 42 failed", digest.Message.Text, StringComparison.Ordinal);
    }

    private static FormattedDigest Format(DigestBatch<DigestEvent> batch)
    {
        var formatter = new MarkdownDigestFormatter(new DigestFormatterSettings { App = "Importer" });
        return formatter.Format(DigestContent.From(batch, DigestEventPassThroughReader.Instance, formatter.Settings), "u");
    }

    private sealed class CountingAggregate(int[] reads, string message, params Exception[] inner) : AggregateException(message, inner)
    {
        public override string Message
        {
            get
            {
                Interlocked.Increment(ref reads[0]);
                return base.Message;
            }
        }
    }
}
