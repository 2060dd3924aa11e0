using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Content;
using static DingTalk.Robot.Tests.Markdown.Scenario;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>
/// Fleet mode's last line, in the formatter: the replica's name as plain escaped text after the notes and before the
/// keyword and mentions, the ⚠ wording while the fleet is not coordinated, in full and counts-only digests alike, and
/// no line at all outside fleet mode.
/// </summary>
public sealed class FleetSignatureDigestTests
{
    [Fact]
    public void A_fleet_digest_ends_with_the_replica_that_sent_it_before_the_keyword_and_mentions()
    {
        var formatter = new MarkdownDigestFormatter(Settings(s => s.Keyword = "alert"));

        var text = formatter.Format(Content(), MsgUuid, new FleetSignature("orders-7f9c", coordinated: true)).Message.Text;

        var line = Assert.Single(Lines(text), l => l.Contains("sent by", StringComparison.Ordinal));
        Assert.Equal("sent by orders-7f9c", line);
        Assert.DoesNotContain("\u26A0", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(line, StringComparison.Ordinal) < text.IndexOf("alert", StringComparison.Ordinal), text);
        Assert.True(text.IndexOf(line, StringComparison.Ordinal) < text.IndexOf("@13800000000", StringComparison.Ordinal), text);
    }

    [Fact]
    public void While_the_fleet_is_not_coordinated_the_line_says_so()
    {
        var formatter = new MarkdownDigestFormatter(Settings());

        var text = formatter.Format(Content(), MsgUuid, new FleetSignature("orders-7f9c", coordinated: false)).Message.Text;

        Assert.Contains("\u26A0 fleet coordination unavailable, sent by orders-7f9c", Lines(text));
    }

    [Fact]
    public void A_counts_only_digest_is_signed_too()
    {
        var formatter = new MarkdownDigestFormatter(Settings());
        var batch = Batch();

        var digest = formatter.FormatCountsOnly(batch.Summarize(null), MsgUuid, "could not be rendered in time", new FleetSignature("orders-7f9c", coordinated: false));

        Assert.True(digest.IsFallback);
        Assert.Contains("\u26A0 fleet coordination unavailable, sent by orders-7f9c", Lines(digest.Message.Text));
    }

    [Fact]
    public void Without_fleet_mode_the_digest_has_no_sender_line()
    {
        var text = new MarkdownDigestFormatter(Settings()).Format(Content(), MsgUuid).Message.Text;

        Assert.DoesNotContain("sent by", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_replica_name_that_slipped_past_validation_is_written_as_plain_text()
    {
        // Validation refuses such a name (FleetOptionsTests); the line escapes it anyway, as any text from outside.
        var hostile = "**pod**_x_ [link](http://evil) <font color=red>@all</font>\n# heading";
        var formatter = new MarkdownDigestFormatter(Settings());

        var text = formatter.Format(Content(), MsgUuid, new FleetSignature(hostile, coordinated: true)).Message.Text;

        var line = Assert.Single(Lines(text), l => l.StartsWith("sent by ", StringComparison.Ordinal));
        Assert.DoesNotContain("**pod**", line, StringComparison.Ordinal);
        Assert.DoesNotContain("[link](", line, StringComparison.Ordinal);
        Assert.DoesNotContain("<font", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\n# heading", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Count(c => c == '@'));
    }

    [Fact]
    public void A_signed_digest_of_a_large_batch_still_fits_the_size_limit()
    {
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < 300; i++)
        {
            batch.Add(Event(i, DigestLevel.Error, "Timeout calling {Service} " + i, "Timeout calling payments " + i + new string('x', 300)));
        }

        var settings = Settings();
        var digest = new MarkdownDigestFormatter(settings)
            .Format(DigestContent.From(batch, DigestEventPassThroughReader.Instance, settings), MsgUuid, new FleetSignature("orders-7f9c", coordinated: false));

        Assert.Contains("\u26A0 fleet coordination unavailable, sent by orders-7f9c", Lines(digest.Message.Text));
        DigestInvariants.Check(digest, settings, 300, DigestLevel.Error);
    }

    private static DigestBatch<DigestEvent> Batch()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(0, DigestLevel.Error, "Timeout calling {Service}", "Timeout calling payments"));
        batch.Add(Event(1, DigestLevel.Warning, "Cache miss"));
        return batch;
    }

    private static DigestContent Content() => DigestContent.From(Batch(), DigestEventPassThroughReader.Instance, Settings());

    private static string[] Lines(string text) => text.Split('\n');
}
