using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Text;
using DingTalk.Robot.Tests.Digest;
using DingTalk.Testing.Shared;
using static DingTalk.Robot.Tests.Markdown.Scenario;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>
/// A digest sent again after an attempt whose outcome is unknown says "(re-sent)" in its title and heading, so a
/// duplicate in the chat is recognisable; it is otherwise the same message (msgUuid, mentions, content), and the room
/// for the mark is kept in every digest, so it always fits the limit.
/// </summary>
public sealed class ResentMarkTests
{
    private static readonly int MarkBytes = JsonByteCost.Of(DigestWording.ResentMark);

    [Fact]
    public void Resent_single_error()
    {
        var batch = new DigestBatch<DigestEvent>();
        batch.Add(Event(3, DigestLevel.Error, "Payment declined for order {OrderId}", "Payment declined for order 10042", properties: ("OrderId", "10042")));
        var digest = Format(batch, Settings(s => s.Keyword = "alert"));

        var resent = digest.WithResentMark();

        Approvals.Verify(DigestApprovalText.Render(resent), "resent-single-error");
        Assert.Equal("[ERROR] OrderService (re-sent): 1 error", resent.Message.Title);
        Assert.StartsWith("### OrderService · Production · web-01 (re-sent)\n\n", resent.Message.Text, StringComparison.Ordinal);
        Assert.Equal(digest.Message.MsgUuid, resent.Message.MsgUuid);
        Assert.Same(digest.Message.At, resent.Message.At);
        Assert.Equal(digest.Message.Text.Replace("web-01\n", "web-01 (re-sent)\n", StringComparison.Ordinal), resent.Message.Text);
        Assert.Equal(digest.BodyBytes + (2 * MarkBytes), resent.BodyBytes);
        Assert.True(resent.IsResent);
        Assert.False(digest.IsResent);
        Assert.Same(resent, resent.WithResentMark());
    }

    [Fact]
    public void The_mark_fits_a_digest_that_fills_the_limit()
    {
        var batch = new DigestBatch<DigestEvent>();
        var huge = string.Concat(Enumerable.Repeat("数据库连接失败😱 ", 20_000));
        for (var g = 0; g < 100; g++)
        {
            for (var i = 0; i < 10; i++)
            {
                batch.Add(Event(g + i, g == 57 ? DigestLevel.Fatal : DigestLevel.Error, "模板 " + g + " " + huge.Substring(0, 500), huge, huge, new FakeException(huge, huge), ("键", huge)));
            }
        }

        var settings = Settings(s => s.Keyword = "告警");
        var digest = Format(batch, settings);
        var resent = digest.WithResentMark();

        Assert.False(digest.IsFallback);
        Assert.True(digest.BodyBytes > 15_000, $"only {digest.BodyBytes} bytes used");
        Assert.True(digest.BodyBytes <= settings.MaxBodyBytes - (2 * MarkBytes), $"{digest.BodyBytes} bytes leave no room for the mark");
        Assert.True(resent.BodyBytes <= settings.MaxBodyBytes, $"{resent.BodyBytes} bytes");
        DigestInvariants.Check(resent, settings, 1000, DigestLevel.Fatal);
    }

    [Fact]
    public void Every_limit_keeps_room_for_the_mark()
    {
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < 400; i++)
        {
            batch.Add(Event(i, i % 7 == 0 ? DigestLevel.Error : DigestLevel.Warning, "Template " + (i % 60), new string('x', 40 + (i % 13)), properties: ("Key", new string('v', i % 50))));
        }

        batch.AddUndelivered(12, "HTTP 503", outcomeUnknown: true);
        for (var max = 1_500; max <= 20_000; max += 97)
        {
            var settings = Settings(s => s.MaxBodyBytes = max);
            var digest = Format(batch, settings);

            Assert.True(digest.WithResentMark().BodyBytes <= max, $"limit {max}: {digest.WithResentMark().BodyBytes} bytes re-sent");
            Assert.True(digest.BodyBytes <= max - (2 * MarkBytes), $"limit {max}: {digest.BodyBytes} bytes");
        }
    }
}
