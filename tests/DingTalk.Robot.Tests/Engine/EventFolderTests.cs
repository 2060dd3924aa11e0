using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Tests.Engine.Support;
using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// What one look at the queue tells the loop about how to wait for the next: nothing, events, or a flood (events while
/// the full queue refused others), and how the waiter turns that into its wake-ups.
/// </summary>
public sealed class EventFolderTests
{
    private const string Timeout = "Timeout calling {Service}";
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_look_finds_nothing_events_or_a_flood()
    {
        using var queue = new EventQueue<DigestEvent>(limit: 4, DigestEventPassThroughReader.Instance);
        var folder = NewFolder(queue);
        var batch = new DigestBatch<DigestEvent>();

        folder.Drain(batch);
        Assert.Equal(QueueFlow.Quiet, folder.Flow);

        Assert.True(queue.TryWrite(EngineHarness.Error(Timeout)));
        folder.Drain(batch);
        Assert.Equal(QueueFlow.Flowing, folder.Flow);

        // Four queued, two refused (and counted in their group by the callers): a flood.
        var queued = Enumerable.Range(0, 6).Count(_ => queue.TryWrite(EngineHarness.Error(Timeout)));
        Assert.Equal(4, queued);
        folder.Drain(batch);
        Assert.Equal(QueueFlow.Flooded, folder.Flow);
        Assert.Equal(7, batch.EventCount);

        // The refusals were taken with that look: the next one finds the queue empty and nothing refused.
        folder.Drain(batch);
        Assert.Equal(QueueFlow.Quiet, folder.Flow);
    }

    [Fact]
    public void Refusals_without_events_to_read_are_not_a_flood()
    {
        // The refused events of a flood that has ended are counted; the loop then sleeps until the next event.
        using var queue = new EventQueue<DigestEvent>(limit: 2, DigestEventPassThroughReader.Instance);
        var folder = NewFolder(queue);
        var batch = new DigestBatch<DigestEvent>();
        for (var i = 0; i < 5; i++)
        {
            queue.TryWrite(EngineHarness.Error(Timeout));
        }

        Assert.True(queue.TryRead(out _));
        Assert.True(queue.TryRead(out _));

        folder.Drain(batch);
        Assert.Equal(QueueFlow.Quiet, folder.Flow);
        Assert.Equal(3, batch.EventCount);
    }

    [Theory]
    [InlineData((int)QueueFlow.Quiet, 1, false)]
    [InlineData((int)QueueFlow.Flowing, EventQueue<DigestEvent>.BurstWakeCount, true)]
    [InlineData((int)QueueFlow.Flooded, EventQueue<DigestEvent>.NoWriterWakes, true)]
    public void The_waiter_sets_the_wake_ups_the_look_asks_for(int flow, int wakeCount, bool polls)
    {
        using var queue = new EventQueue<DigestEvent>(limit: 100_000);
        var waiter = new QueueWaiter<DigestEvent>(queue, new EngineClock(_time), CancellationToken.None, observer: null);

        // No delay: the waiter arms its wake-ups and returns at once.
        waiter.Wait(TimeSpan.Zero, wake: null, (QueueFlow)flow);

        Assert.Equal(wakeCount, queue.WakeCount);
        Assert.Equal(polls, queue.PollArmed);
    }

    private EventFolder<DigestEvent> NewFolder(EventQueue<DigestEvent> queue)
    {
        var clock = new EngineClock(_time);
        var schedule = new DigestSchedule(TimeSpan.FromSeconds(10), batchSizeLimit: 1_000, messagesPerMinute: 20, eagerlyEmitFirstEvent: true);
        var watchdog = new LoopWatchdog(_time, static (_, _) => { });
        return new EventFolder<DigestEvent>(
            queue, DigestEventPassThroughReader.Instance, new EngineRequests(), clock, schedule, watchdog, new KeyValuePair<string, object?>("robot", "test"));
    }
}
