using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace DingTalk.Benchmarks;

/// <summary>
/// What a sink that hands events to a thread of its own costs the caller at the least, for <c>-- rounds</c>: a bounded
/// count and a lock-free queue (two atomic operations), no wake-up at all, and a thread that drains the queue. Nothing
/// is folded, read or sent. Whatever this costs over a no-op sink is what keeping an event until another thread takes
/// it costs: the enqueue, and the events still alive when a collection comes. Two drainers: one that sleeps a
/// millisecond whenever it finds the queue empty (the obvious design), and one that spins while <see cref="Spinning"/>
/// is set, taking each event right behind the writer at the price of a whole core (no sink can ship that: it shows what
/// the shortest life of a queued event costs the caller when the queue's cache lines move between cores on every event).
/// </summary>
internal sealed class BareQueueSink : ILogEventSink, IDisposable
{
    private readonly ConcurrentQueue<LogEvent> _items = new();
    private readonly int _limit;
    private readonly Thread _drainer;
    private volatile bool _stopping;
    private volatile bool _spinning;
    private int _count;

    [ThreadStatic]
    private static long t_refused;

    public BareQueueSink(int limit)
    {
        _limit = limit;
        _drainer = new Thread(Drain) { IsBackground = true, Name = "bare queue drainer" };
        _drainer.Start();
    }

    public bool IsEmpty => _items.IsEmpty;

    /// <summary>Whether the drainer spins instead of sleeping when it finds the queue empty (set only for its own rounds).</summary>
    public bool Spinning
    {
        get => _spinning;
        set => _spinning = value;
    }

    public void Emit(LogEvent logEvent)
    {
        // A plain read first, and a refused event is only counted by the caller's own thread: less than any sink may
        // do (ours counts it in its template's group), so the floor is not raised by a shared count.
        if (Volatile.Read(ref _count) >= _limit)
        {
            t_refused++;
            return;
        }

        if (Interlocked.Increment(ref _count) > _limit)
        {
            Interlocked.Decrement(ref _count);
            t_refused++;
            return;
        }

        _items.Enqueue(logEvent);
    }

    public void Dispose()
    {
        _stopping = true;
        _drainer.Join();
    }

    private void Drain()
    {
        while (!_stopping)
        {
            var taken = 0;
            while (_items.TryDequeue(out _))
            {
                taken++;
            }

            if (taken == 0)
            {
                if (_spinning)
                {
                    Thread.SpinWait(20);
                }
                else
                {
                    Thread.Sleep(1);
                }

                continue;
            }

            Interlocked.Add(ref _count, -taken);
        }
    }
}
