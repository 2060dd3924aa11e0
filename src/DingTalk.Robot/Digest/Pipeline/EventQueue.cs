using System.Threading.Channels;

namespace DingTalk.Robot.Digest.Pipeline;

/// <summary>
/// The queue between the application's logging calls and the digest loop: many writers, one reader, bounded by
/// a count kept with <see cref="Interlocked"/> over an unbounded channel. A bounded <see cref="Channel"/> would
/// take a lock on every write; this way the logging call is a couple of atomic operations and never waits.
/// Events that do not fit are counted, so the next digest can say how many were dropped.
/// </summary>
internal sealed class EventQueue<T>
{
    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private readonly int _limit;
    private int _count;
    private long _dropped;

    /// <param name="limit">The most events waiting; <see langword="null"/> for no limit.</param>
    public EventQueue(int? limit) => _limit = limit ?? int.MaxValue;

    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>The events waiting (for the benchmarks, which wait for the loop to catch up between iterations).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds <paramref name="item"/> unless the queue is full or completed. Never blocks, never throws.</summary>
    public bool TryWrite(T item)
    {
        if (Interlocked.Increment(ref _count) > _limit)
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _dropped);
            return false;
        }

        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }

        // Completed: the sink is shutting down. Still counted, so the shutdown report includes it.
        Interlocked.Decrement(ref _count);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Takes one event, for the loop.</summary>
    public bool TryRead(out T item)
    {
        if (_channel.Reader.TryRead(out item!))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }

    /// <summary>The events dropped since the last call, and resets the count.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    public void Complete() => _channel.Writer.TryComplete();
}
