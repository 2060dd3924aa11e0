using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Engine;

/// <summary>
/// The queue between logging calls and the digest loop: bounded and counted, a sleeping reader is woken by the first
/// event (or, while it polls on its own, by a burst), and the count is exact whenever the queue is empty.
/// </summary>
public sealed class EventQueueTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_sleeping_reader_is_woken_by_the_first_event()
    {
        var queue = new EventQueue<int>(limit: 100);
        var readable = queue.WaitToReadAsync();
        Assert.False(readable.IsCompleted);

        Assert.True(queue.TryWrite(1));

        Assert.True(await readable.WaitAsync(Soon));
    }

    [Fact]
    public async Task A_polling_reader_is_woken_only_by_a_burst()
    {
        var queue = new EventQueue<int>(limit: 1_000);
        queue.WakeCount = 64;
        var readable = queue.WaitToReadAsync();

        for (var i = 1; i < 64; i++)
        {
            Assert.True(queue.TryWrite(i));
        }

        // A writer's wake-up completes the task before its write returns (no thread in between): none has.
        Assert.False(readable.IsCompleted);
        Assert.False(queue.IsEmpty);

        Assert.True(queue.TryWrite(64));
        Assert.True(readable.IsCompleted);
        Assert.True(await readable);
    }

    [Fact]
    public async Task A_polling_reader_does_not_read_right_behind_the_writers()
    {
        // A reader that will poll anyway is not told "readable" for a few events: it would otherwise chase the writers
        // event by event, pulling the queue's storage between their core and its own.
        var queue = new EventQueue<int>(limit: 1_000);
        queue.WakeCount = 64;
        for (var i = 0; i < 10; i++)
        {
            Assert.True(queue.TryWrite(i));
        }

        var readable = queue.WaitToReadAsync();
        Assert.False(readable.IsCompleted);

        for (var i = 10; i < 64; i++)
        {
            Assert.True(queue.TryWrite(i));
        }

        Assert.True(await readable.WaitAsync(Soon));
        Assert.True(queue.WaitToReadAsync().IsCompleted);
    }

    [Fact]
    public async Task A_poll_completes_the_wait_when_no_writer_does()
    {
        using var queue = new EventQueue<int>(limit: 1_000);
        queue.WakeCount = 64;
        Assert.True(queue.TryWrite(1));
        var readable = queue.WaitToReadAsync();
        Assert.False(readable.IsCompleted);

        queue.PollAfter(TimeSpan.FromMilliseconds(10));

        Assert.True(await readable.WaitAsync(Soon));
        Assert.True(queue.TryRead(out var item));
        Assert.Equal(1, item);
    }

    [Fact]
    public async Task A_poll_asked_for_while_one_is_armed_does_not_put_it_off()
    {
        // The loop asks for a poll every time it waits; the first one armed must still fire on time.
        using var queue = new EventQueue<int>(limit: 1_000);
        queue.WakeCount = 64;
        var readable = queue.WaitToReadAsync();
        queue.PollAfter(TimeSpan.FromMilliseconds(50));
        queue.PollAfter(TimeSpan.FromHours(1));

        Assert.True(await readable.WaitAsync(Soon));

        // Once fired, the next poll arms the timer again.
        var next = queue.WaitToReadAsync();
        queue.PollAfter(TimeSpan.FromMilliseconds(10));
        Assert.True(await next.WaitAsync(Soon));
    }

    [Fact]
    public async Task Lowering_the_wake_count_then_looking_again_misses_nothing()
    {
        var queue = new EventQueue<int>(limit: 1_000);
        queue.WakeCount = 64;
        var readable = queue.WaitToReadAsync();
        Assert.True(queue.TryWrite(1));

        // What the loop does before it sleeps for good: the event that came first is found by looking.
        queue.WakeCount = 1;
        Assert.False(queue.IsEmpty);

        // And the next event wakes it.
        Assert.True(queue.TryRead(out _));
        Assert.True(queue.TryWrite(2));
        Assert.True(await readable.WaitAsync(Soon));
    }

    [Fact]
    public async Task In_a_flood_no_writer_wakes_the_reader_only_its_poll()
    {
        // Even a small queue, which otherwise wakes its reader at a quarter full: in a flood it is meant to stay full.
        using var queue = new EventQueue<int>(limit: 8);
        queue.WakeCount = EventQueue<int>.NoWriterWakes;
        var readable = queue.WaitToReadAsync();

        var queued = Enumerable.Range(0, 20).Count(queue.TryWrite);

        // A writer's wake-up completes the task within its own call: none did.
        Assert.Equal(8, queued);
        Assert.False(readable.IsCompleted);

        queue.PollAfter(TimeSpan.FromMilliseconds(10));
        Assert.True(await readable.WaitAsync(Soon));
    }

    [Fact]
    public async Task A_small_queue_wakes_its_reader_before_it_fills_up()
    {
        var queue = new EventQueue<int>(limit: 8);
        queue.WakeCount = 1_024;
        var readable = queue.WaitToReadAsync();

        Assert.True(queue.TryWrite(1));
        Assert.False(readable.IsCompleted);
        Assert.True(queue.TryWrite(2));

        Assert.True(await readable.WaitAsync(Soon));
    }

    [Fact]
    public void The_count_is_exact_once_the_queue_is_empty_and_never_below_the_events_waiting()
    {
        var queue = new EventQueue<int>(limit: 10_000);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(queue.TryWrite(i));
        }

        for (var read = 1; read <= 600; read++)
        {
            Assert.True(queue.TryRead(out var item));
            Assert.Equal(read - 1, item);
            Assert.InRange(queue.Count, 1_000 - read, 1_000);
        }

        while (queue.TryRead(out _))
        {
        }

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_full_queue_refuses_and_counts_the_drops()
    {
        var queue = new EventQueue<int>(limit: 3);
        Assert.True(queue.TryWrite(1));
        Assert.True(queue.TryWrite(2));
        Assert.True(queue.TryWrite(3));
        Assert.False(queue.TryWrite(4));
        Assert.False(queue.TryWrite(5));

        Assert.Equal(2, queue.TakeDropped());
        Assert.Equal(0, queue.TakeDropped());
    }

    [Fact]
    public async Task No_event_is_left_waiting_while_the_reader_sleeps_through_bursts_trickles_and_pauses()
    {
        // The digest loop's protocol, without the digest: drain; while events flow, sleep until a burst or a short
        // poll; once a look finds nothing, sleep until woken. A lost wake-up leaves an event in the queue while the
        // reader sleeps with no timer: the reader's wait then times out.
        const int writers = 4, perWriter = 20_000;
        var queue = new EventQueue<int>(limit: 1_000_000);
        var read = 0;
        var lostWakeUps = 0;
        var done = false;
        var reader = Task.Run(async () =>
        {
            Task<bool>? readable = null;
            var last = 0;
            while (!Volatile.Read(ref done) || !queue.IsEmpty)
            {
                last = 0;
                while (queue.TryRead(out _))
                {
                    last++;
                }

                read += last;
                queue.WakeCount = last > 0 ? 256 : 1;
                readable ??= queue.WaitToReadAsync();
                if (!readable.IsCompleted)
                {
                    if (last > 0)
                    {
                        await Task.WhenAny(readable, Task.Delay(1));
                    }
                    else if (queue.IsEmpty && await Task.WhenAny(readable, Task.Delay(2_000)) != readable && !queue.IsEmpty)
                    {
                        lostWakeUps++;
                    }
                }

                if (readable.IsCompleted)
                {
                    readable = null;
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            var random = new Random(w);
            var written = 0;
            while (written < perWriter)
            {
                var burst = Math.Min(perWriter - written, random.Next(3) == 0 ? random.Next(1, 1_000) : random.Next(1, 4));
                for (var i = 0; i < burst; i++)
                {
                    Assert.True(queue.TryWrite(i));
                }

                written += burst;
                if (random.Next(4) == 0)
                {
                    Thread.Sleep(random.Next(0, 3));
                }
            }
        })));

        Volatile.Write(ref done, true);
        queue.WakeCount = 1;
        Assert.True(queue.TryWrite(-1));
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, lostWakeUps);
        Assert.Equal(writers * perWriter + 1, read);
        Assert.Equal(0, queue.Count);
    }
}
