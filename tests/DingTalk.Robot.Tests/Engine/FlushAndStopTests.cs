using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Tests.Engine.Support;
using static DingTalk.Robot.Tests.Engine.Support.ScriptedSender;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// A flush (a host's StopAsync) or a stop (Dispose, CloseAndFlush) delivers what is pending at that moment in one
/// digest, however fast the application keeps logging meanwhile: the budget is not burnt at shutdown.
/// </summary>
public sealed class FlushAndStopTests
{
    [Fact]
    public async Task A_flush_sends_what_is_pending_in_one_digest_and_what_is_logged_meanwhile_waits_for_the_next()
    {
        await using var h = new EngineHarness();
        await h.LogAsync(EngineHarness.Error("Payment failed"), EngineHarness.Error("Payment failed"));

        var sending = h.Sender.HoldNext();
        var flush = h.Engine.FlushAsync();
        await sending;
        for (var i = 0; i < 50; i++)
        {
            h.TryLog(EngineHarness.Error("Logged during the flush"));
        }

        h.Sender.Release(Results.Accepted());
        await flush;

        var digest = Assert.Single(h.Sent);
        Assert.Equal(2, SentDigest.EventCount(digest.Text));

        // What came meanwhile goes out on the normal schedule, not at once.
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Single(h.Sent);
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, h.Sent.Count);
        Assert.Equal(52, h.EventsSent);
    }

    [Fact]
    public async Task Disposing_while_a_thread_keeps_logging_sends_at_most_two_digests_and_counts_the_rest_as_dropped_while_closing()
    {
        var h = new EngineHarness();
        await h.LogAsync(Enumerable.Range(0, 30).Select(_ => EngineHarness.Error("Worker stopping")).ToArray());

        using var stopLogging = new CancellationTokenSource();
        var logger = Task.Run(() =>
        {
            while (!stopLogging.IsCancellationRequested)
            {
                h.TryLog(EngineHarness.Error("Still logging during shutdown"));

                Thread.Yield();
            }
        });

        await h.DisposeAsync();
        await stopLogging.CancelAsync();
        await logger;

        Assert.InRange(h.Sent.Count, 1, 2);
        var final = h.Diagnostics.Where(d => d.Kind == DingTalkDiagnosticKind.Final).Select(d => d.Message).ToList();
        Assert.DoesNotContain(h.Sent, d => d.Text.Contains("queue full", StringComparison.Ordinal));
        if (final.Count > 0)
        {
            Assert.Contains("while the logger was closing", Assert.Single(final), StringComparison.Ordinal);
        }

        // Every event queued before the stop is in a digest. The ones refused meanwhile are counted under their own
        // reason, in the final digest or the last word, up to the moment the loop ends (the next test pins that down).
        Assert.True(h.EventsSent >= 30, $"{h.EventsSent} events sent");
    }

    [Fact]
    public async Task Events_logged_while_the_final_digest_is_in_flight_are_counted_as_dropped_while_closing()
    {
        var h = new EngineHarness();
        await h.LogAsync(EngineHarness.Error("Worker stopping"), EngineHarness.Error("Worker stopping"));
        var sending = h.Sender.HoldNext();
        var stop = h.DisposeAsync().AsTask();
        await sending;
        for (var i = 0; i < 5; i++)
        {
            Assert.False(h.TryLog(EngineHarness.Error("Logged while closing")));
        }

        h.Sender.Release(Results.Accepted());
        await stop;

        var digest = Assert.Single(h.Sent);
        Assert.Equal(2, SentDigest.EventCount(digest.Text));
        var final = Assert.Single(h.Diagnostics, d => d.Kind == DingTalkDiagnosticKind.Final);
        Assert.Contains("5 events were not delivered before shutdown", final.Message, StringComparison.Ordinal);
        Assert.Contains("including 5 dropped because they were logged while the logger was closing", final.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("queue full", final.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_a_stop_a_digest_that_fails_again_is_not_followed_by_another_attempt()
    {
        var h = await AfterOneFailedDigestAsync(Results.Refused);
        await h.LogAsync(EngineHarness.Error("Stock low"), EngineHarness.Error("Stock low"));

        await h.DisposeAsync();

        // The failed digest gets one last attempt; the batch behind it is counted, not sent to a robot that is down.
        Assert.Equal(2, h.Sent.Count);
        var final = Assert.Single(h.Diagnostics, d => d.Kind == DingTalkDiagnosticKind.Final);
        Assert.Contains("3 events were not delivered before shutdown", final.Message, StringComparison.Ordinal);
        Assert.Equal(3, h.Engine.UndeliveredAtStop);
    }

    [Fact]
    public async Task A_stop_with_no_time_to_send_names_the_failure_its_carried_events_met()
    {
        // The refused digest's events are carried in the final digest, which the robot's budget leaves no time to send:
        // the last word (and what a reload hands to the next engine) says why they failed, not only that time ran out.
        var h = await AfterOneFailedDigestAsync(Results.WrongKeyword);
        await h.LogAsync(EngineHarness.Error("Stock low"));
        h.Sender.Budget = () => TimeSpan.FromMinutes(10);

        await h.DisposeAsync();

        Assert.Single(h.Sent);
        var final = Assert.Single(h.Diagnostics, d => d.Kind == DingTalkDiagnosticKind.Final);
        Assert.Contains("2 events were not delivered before shutdown (errcode 310000", final.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Engine.UndeliveredAtStop);
        Assert.StartsWith("errcode 310000", h.Engine.UndeliveredReasonAtStop, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flush_with_nothing_pending_sends_nothing()
    {
        await using var h = new EngineHarness();
        await h.StartedIdle;

        await h.Engine.FlushAsync();

        Assert.Empty(h.Sent);
    }

    // An engine (5 s to shut down) whose first digest, of one event, got the answer given.
    private static async Task<EngineHarness> AfterOneFailedDigestAsync(Func<DingTalkSendResult> answer)
    {
        var h = new EngineHarness(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        h.Sender.Answer = answer;
        await h.LogAsync(EngineHarness.Error("Payment failed"));
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Single(h.Sent);
        return h;
    }
}
