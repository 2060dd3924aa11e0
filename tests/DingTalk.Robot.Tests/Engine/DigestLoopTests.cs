using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Tests.Engine.Support;
using static DingTalk.Robot.Tests.Engine.Support.ScriptedSender;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The digest loop driven through its seams: a scripted robot and a fake clock, no HTTP and no real-time waiting.
/// What it sends, when, and what it says about it.
/// </summary>
public sealed class DigestLoopTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task A_batch_goes_out_as_one_digest_when_its_buffering_time_is_up()
    {
        await using var h = new EngineHarness();
        await h.LogAsync(EngineHarness.Error("Payment failed"), EngineHarness.Error("Payment failed"), EngineHarness.Error("Stock low"));

        await h.AdvanceAsync(S(9.9));
        Assert.Empty(h.Sent);

        await h.AdvanceAsync(S(0.1));
        var digest = Assert.Single(h.Sent);
        Assert.Equal(S(10), digest.At - EngineHarness.Start);
        Assert.Equal(3, h.EventsSent);
    }

    [Fact]
    public async Task Time_triggered_digests_are_paced_evenly_across_the_minute()
    {
        // A short buffering time made every event due at once: 20 digests in 20 s, then nothing for 40 s. Every batch
        // is told (no alert memory), so that each window is a digest to pace.
        await using var h = new EngineHarness(o =>
        {
            o.BufferingTimeLimit = S(1);
            o.RememberAlerts = false;
        });

        await h.LogEveryAsync(S(0.5), TimeSpan.FromMinutes(3), i => EngineHarness.Error("Timeout " + (i % 3)));

        var times = h.Sent.Select(d => d.At - EngineHarness.Start).ToList();
        Assert.True(times.Count >= 40, $"{times.Count} digests in 3 minutes");
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= S(4), $"digests {i - 1} and {i} only {times[i] - times[i - 1]} apart");
        }

        // Three quarters of the budget at most: the rest is headroom for a restart, a stop, other senders.
        Assert.All(times, start => Assert.True(times.Count(t => t >= start && t < start + TimeSpan.FromMinutes(1)) <= 15));
    }

    [Fact]
    public async Task After_an_outage_delivery_resumes_within_one_backoff_step_of_the_robots_recovery()
    {
        await using var h = new EngineHarness(o => o.BufferingTimeLimit = S(1));
        var recovery = TimeSpan.FromSeconds(60);
        h.Sender.Answer = () => h.Elapsed < recovery ? Results.Refused() : Results.Accepted();

        await h.LogEveryAsync(S(1), TimeSpan.FromMinutes(4), i => EngineHarness.Error("Database unreachable"));

        var firstAccepted = h.Sent.Select(d => d.At - EngineHarness.Start).First(t => t >= recovery);
        Assert.True(firstAccepted <= recovery + TimeSpan.FromMinutes(1), $"first digest after recovery at {firstAccepted}");
        Assert.True(h.Sent.Count(d => d.At - EngineHarness.Start < recovery) <= 10, "the robot was hammered while it was down");
    }

    [Fact]
    public async Task A_backward_step_of_the_wall_clock_does_not_delay_the_digest()
    {
        SteppingWallClock? wall = null;
        await using var h = new EngineHarness(clock: fake => wall = new SteppingWallClock(fake));
        await h.LogAsync(EngineHarness.Error("Payment failed"));

        wall!.Step = -TimeSpan.FromMinutes(30);
        await h.AdvanceAsync(S(10));

        var digest = Assert.Single(h.Sent);
        Assert.Equal(S(10), h.Fake.GetElapsedTime(h.StartTimestamp, digest.Timestamp));
    }

    [Fact]
    public async Task A_digest_that_fails_is_retried_with_the_same_msgUuid_and_every_event_stays_counted()
    {
        await using var h = new EngineHarness();
        h.Sender.Then(Results.Refused, Results.Refused);
        await h.LogAsync(EngineHarness.Error("Payment failed"), EngineHarness.Error("Payment failed"));

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3, h.Sent.Count);
        Assert.Single(h.Sent.Select(d => d.Message.MsgUuid).Distinct());
        Assert.Equal(2, EventCountOf(h.Sent[^1]));
        Assert.Contains(h.Diagnostics, d => d.Message.Contains("retrying in", StringComparison.Ordinal));
        Assert.Contains(h.Diagnostics, d => d.Message == "Digests are delivered again.");
    }

    [Fact]
    public async Task After_an_attempt_that_got_no_answer_the_retry_is_marked_as_re_sent_under_the_same_msgUuid()
    {
        await using var h = new EngineHarness();
        h.Sender.Then(Results.NoAnswer);
        await h.LogAsync(EngineHarness.Error("Payment failed"));

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, h.Sent.Count);
        Assert.Equal(h.Sent[0].Message.MsgUuid, h.Sent[1].Message.MsgUuid);
        Assert.DoesNotContain("(re-sent)", h.Sent[0].Message.Title, StringComparison.Ordinal);
        Assert.Contains("(re-sent)", h.Sent[1].Message.Title, StringComparison.Ordinal);
        Assert.Contains("(re-sent)", h.Sent[1].Text, StringComparison.Ordinal);
        Assert.Contains(h.Diagnostics, d => d.Message.Contains("it may have been delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_digest_given_up_after_attempts_that_got_no_answer_is_counted_as_may_not_have_been_delivered()
    {
        await using var h = new EngineHarness(o => o.RetryTimeLimit = TimeSpan.FromSeconds(30));
        h.Sender.Then(Results.NoAnswer, Results.NoAnswer, Results.NoAnswer);
        await h.LogAsync(EngineHarness.Error("Payment failed"), EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        await h.LogAsync(EngineHarness.Error("Stock low"));

        await h.AdvanceAsync(TimeSpan.FromMinutes(2));

        var last = h.Sent[^1];
        Assert.Contains("may not have been delivered", last.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be delivered", last.Text, StringComparison.Ordinal);
        Assert.Contains(h.Diagnostics, d => d.Message.Contains("may or may not have been delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_digest_is_counted_in_the_next_one()
    {
        await using var h = new EngineHarness();
        h.Sender.Then(Results.WrongKeyword);
        await h.LogAsync(EngineHarness.Error("Payment failed"), EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));
        await h.LogAsync(EngineHarness.Error("Stock low"));

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, h.Sent.Count);
        Assert.Contains("previous digest of 2 events could not be delivered", h.Sent[1].Text, StringComparison.Ordinal);
        Assert.Contains(h.Diagnostics, d => d.Kind == DingTalkDiagnosticKind.Permanent);
    }

    [Fact]
    public async Task While_the_robot_is_throttled_the_loop_waits_for_the_budget_and_keeps_folding()
    {
        // Without alert memory: after ten silent minutes both groups would also be told quiet, a digest more.
        await using var h = new EngineHarness(o => o.RememberAlerts = false);
        h.Sender.Then(Results.Throttled);
        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(S(10));
        Assert.Single(h.Sent);

        // The client's budget says when the penalty ends.
        var penaltyEnds = TimeSpan.FromMinutes(10);
        h.Sender.Budget = () => penaltyEnds - h.Elapsed;
        await h.LogAsync(EngineHarness.Error("Stock low"));
        await h.AdvanceAsync(penaltyEnds - h.Elapsed - S(1));
        Assert.Single(h.Sent);

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(3, h.Sent.Count);
        Assert.Equal(h.Sent[0].Message.MsgUuid, h.Sent[1].Message.MsgUuid);
        Assert.Equal(penaltyEnds, h.Sent[1].At - EngineHarness.Start);
        Assert.Equal(2, h.EventsSent - EventCountOf(h.Sent[0]));
    }

    private static int EventCountOf(SentDigest digest) => SentDigest.EventCount(digest.Text);
}
