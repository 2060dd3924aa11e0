using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Tests.Engine.Support;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The app's own objects run on the digest loop (an exception's Message, a property's ToString, the diagnostics
/// handler): one that hangs must not silently end alerting.
/// </summary>
public sealed class StuckLoopTests
{
    [Fact]
    public async Task An_exception_whose_message_hangs_costs_its_digest_the_details_not_the_digest()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        await using var h = new EngineHarness();
        await h.LogAsync(EngineHarness.Error("Import failed", new HangingException(entered, release)), EngineHarness.Error("Import failed"));

        var sent = h.Probe.Expect(h.Probe.Idles, () => h.Sent.Count == 1, "the counts-only digest");
        h.Fake.Advance(TimeSpan.FromSeconds(10));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(20)), "the rendering never read the exception's message");
        h.StallClock.Advance(TimeBoxedDigestRenderer<DigestEvent>.TimeLimit);
        await sent;

        var digest = Assert.Single(h.Sent);
        Assert.Equal(2, SentDigest.EventCount(digest.Text));
        Assert.Contains(h.Diagnostics, d => d.Message.Contains("Rendering a digest took longer than", StringComparison.Ordinal));
        release.Set();
    }

    [Fact]
    public async Task A_reader_that_hangs_is_reported_by_the_watchdog_and_the_stop_still_counts_what_was_lost()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var h = new EngineHarness(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        await h.LogAsync(EngineHarness.Error("Before the hang"));
        h.OnFold = e =>
        {
            if (e.MessageTemplate == "Hangs")
            {
                entered.Set();
                release.Wait();
            }
        };

        h.TryLog(EngineHarness.Error("Hangs"));
        h.TryLog(EngineHarness.Error("Behind it"));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(20)), "the loop never read the event");
        for (var second = 0; second <= LoopWatchdog.StuckAfter.TotalSeconds + 10; second++)
        {
            // The watchdog's timer runs on the stall clock: each step runs its check on this thread.
            h.StallClock.Advance(TimeSpan.FromSeconds(1));
        }

        var stuck = Assert.Single(h.Diagnostics, d => d.Message.Contains("The digest loop has been busy reading events", StringComparison.Ordinal));
        Assert.Equal(DingTalkDiagnosticKind.Temporary, stuck.Kind);
        await h.DisposeAsync();

        var final = Assert.Single(h.Diagnostics, d => d.Kind == DingTalkDiagnosticKind.Final);
        Assert.Contains("3 events were not delivered before shutdown", final.Message, StringComparison.Ordinal);
        Assert.Contains("busy reading events", final.Message, StringComparison.Ordinal);
        release.Set();
    }

    private sealed class HangingException(ManualResetEventSlim entered, ManualResetEventSlim release) : Exception
    {
        public override string Message
        {
            get
            {
                entered.Set();
                release.Wait();
                return "released";
            }
        }
    }
}
