using DingTalk.Robot.Tests.Engine.Support;
using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// When the queue is full, the events it refuses are still counted in their template's group: the digest says
/// "ERROR ×1,001", not "×101" and "900 events dropped".
/// </summary>
public sealed class QueueFullAttributionTests
{
    private const string Timeout = "Timeout calling {Service}";
    private const string DiskFull = "Disk full on {Volume}";

    [Fact]
    public async Task Events_a_full_queue_refuses_are_counted_in_their_templates_groups()
    {
        await using var h = new EngineHarness(o => o.QueueLimit = 100);
        using var gate = new ManualResetEventSlim();
        var folding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.OnFold = _ =>
        {
            folding.TrySetResult();
            gate.Wait();
        };
        await h.StartedIdle;

        // The loop takes the first event and is held while folding it: nothing more leaves the queue.
        Assert.True(h.TryLog(EngineHarness.Error(Timeout)));
        await folding.Task;
        h.OnFold = null;
        int queued = 0, refused = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var queuedNow = h.TryLog(EngineHarness.Error(i % 10 == 0 ? DiskFull : Timeout));
            queued += queuedNow ? 1 : 0;
            refused += queuedNow ? 0 : 1;
        }

        Assert.InRange(queued, 90, 100);
        Assert.Equal(1_000 - queued, refused);

        var drained = h.Probe.Expect(h.Probe.Idles, () => h.Engine.QueueIsEmpty, "the queue drained");
        gate.Set();
        await drained;
        await h.Engine.FlushAsync();

        var digest = Assert.Single(h.Sent);
        Assert.Equal(1_001, SentDigest.EventCount(digest.Text));
        Assert.Equal(901, DigestText.GroupCount(digest.Text, Timeout));
        Assert.Equal(100, DigestText.GroupCount(digest.Text, DiskFull));
        Assert.Equal(refused, DigestText.UncollectedCount(digest.Text));
        Assert.Equal(0, DigestText.DroppedCount(digest.Text));
    }

    [Fact]
    public async Task Events_refused_while_the_logger_is_closing_are_still_counted_under_that_reason()
    {
        var h = new EngineHarness();
        await h.LogAsync(EngineHarness.Error(Timeout));
        var sending = h.Sender.HoldNext();
        var stop = h.DisposeAsync().AsTask();
        await sending;
        for (var i = 0; i < 3; i++)
        {
            Assert.False(h.TryLog(EngineHarness.Error(Timeout)));
        }

        h.Sender.Release(ScriptedSender.Results.Accepted());
        await stop;

        // Not attributed: the final digest has gone, and "queue full" would be the wrong reason.
        var digest = Assert.Single(h.Sent);
        Assert.Equal(1, DigestText.GroupCount(digest.Text, Timeout));
        Assert.Contains(
            "including 3 dropped because they were logged while the logger was closing",
            Assert.Single(h.Diagnostics, d => d.Kind == DingTalk.Robot.Digest.Engine.DingTalkDiagnosticKind.Final).Message,
            StringComparison.Ordinal);
    }
}
