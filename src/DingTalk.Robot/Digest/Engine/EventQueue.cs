using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The queue between the application's logging calls and the digest loop: many writers, one reader, bounded by a
/// count kept with <see cref="Interlocked"/>. A logging call takes no lock and allocates nothing (amortized): a
/// couple of atomic operations and a lock-free <see cref="ConcurrentQueue{T}"/> enqueue, whose storage is reused once
/// it has grown to the queue's working size. (A <c>Channel</c> takes a lock on every write, bounded or not.)
/// Events that do not fit are counted — by template and level (<see cref="DropTally"/>) — so the next digest can add
/// them to their groups, or say how many were dropped.
/// </summary>
/// <remarks>
/// The reader sleeps on a task it publishes in <c>_waiter</c> and then looks at the queue once more; a writer
/// enqueues and then looks at <c>_waiter</c>. Both sides put a full fence between the write and the look, so at
/// least one of them sees the other: no event is left waiting while the reader sleeps. The writer that finds the
/// waiter completes it, which wakes the loop's thread (see <c>Wake</c>): no allocation on the application's thread,
/// and the loop never runs there. A reader that polls on its own raises the wake-up count, so that a trickle of
/// events costs no wake-ups at all; lowering it again is a write and a look of the same kind (a full fence between).
/// <para>
/// The wake-up tuning, explained once here (the queue waiter applies it): while events are flowing, the reader looks at
/// the queue again after <see cref="BusyPollInterval"/>, or as soon as <see cref="BurstWakeCount"/> events are waiting,
/// whichever comes first; once such a look finds nothing, it sleeps until the next write wakes it. A wake-up costs the
/// application's thread a system call: a steady stream should not pay it for every event, and a burst pays it once per
/// BurstWakeCount events. The count matters as much as the timer: events left waiting are still alive at the next
/// garbage collection, which copies them all into an older generation (paid by the application's threads), and a
/// "1 ms" delay lasts 4 ms on a kernel with a 250 Hz tick. Real time, not the digest's clock: it only decides when events
/// are folded in, never when a digest is sent.
/// </para>
/// <para>
/// In a flood (a look that finds the full queue refused events since the look before), the reader looks only every
/// <see cref="FloodReadInterval"/> and no writer wakes it: the queue stays full, so nearly every call takes the drop
/// path, which counts the event in its template's group and holds nothing. A queued event costs its caller more: it
/// lives through the next garbage collection, which copies it on the application's threads; read as fast as they came,
/// half of a flood's events were queued. The digest loses no count (the tally is exact) and still folds up to a
/// drain's worth of events (their examples, exceptions and sources) every interval, for a digest that goes out every
/// few seconds at most.
/// </para>
/// </remarks>
internal sealed class EventQueue<T> : IDisposable
{
    /// <summary>How soon a reader that saw events looks again (see the remarks).</summary>
    public static readonly TimeSpan BusyPollInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>How many waiting events wake a reader that polls (see the remarks).</summary>
    public const int BurstWakeCount = 1024;

    /// <summary>How soon a reader that found a flood looks again (see the remarks).</summary>
    public static readonly TimeSpan FloodReadInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The <see cref="WakeCount"/> of a reader in a flood: no writer wakes it, only its poll (see the remarks).</summary>
    public const int NoWriterWakes = int.MaxValue;

    private static readonly Task<bool> True = Task.FromResult(true);
    private static readonly Task<bool> False = Task.FromResult(false);
    private const int CountStep = 256;

    private readonly ConcurrentQueue<T> _items = new();
    private readonly DropTally _tally;
    private readonly DigestEventReader<T>? _refusedReader;
    private readonly int _limit;

    // One timer for every poll the reader asks for (see PollAfter), armed at most once at a time.
    private readonly Timer _poll;

    // Written by every logging call, and (the next one) by the reader for every event: each on a cache line of its own,
    // so that neither moves the other's line between cores.
    private PaddedInt _count;
    private int _wakeCount = 1;

    // Events read but not yet taken off _count (the reader's alone; see TryRead).
    private PaddedInt _readNotCounted;
    private long _dropped;
    private long _droppedWhileClosed;
    private int _completed;
    private TaskCompletionSource<bool>? _waiter;
    private int _pollArmed;

    /// <param name="limit">The most events waiting; <see langword="null"/> for no limit.</param>
    /// <param name="refusedReader">
    /// Reads the template and level of an event the full queue refuses, on the caller's thread; <see langword="null"/>
    /// to count refused events without them.
    /// </param>
    /// <param name="tally">Counts refused events by template and level (a test's small table); a default one when <see langword="null"/>.</param>
    public EventQueue(int? limit, DigestEventReader<T>? refusedReader = null, DropTally? tally = null)
    {
        _limit = limit ?? int.MaxValue;
        _refusedReader = refusedReader;
        _tally = tally ?? new DropTally();
        // A timer that is not armed is not rooted by the runtime: it does not keep an abandoned queue alive.
        _poll = new Timer(static state => ((EventQueue<T>)state!).OnPoll(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The events waiting (at most the limit: a writer that takes the count past it gives it back at once).</summary>
    public int Count => Math.Min(Volatile.Read(ref _count.Value), _limit);

    /// <summary>Whether no event is waiting.</summary>
    public bool IsEmpty => _items.IsEmpty;

    /// <summary>
    /// For the reader: how many waiting events make a writer wake it (at least 1; <see cref="NoWriterWakes"/> for
    /// none). A reader that will look again soon on its own raises it, so that only a burst pays for a wake-up; it must
    /// look at <see cref="IsEmpty"/> again after lowering it (an event that came before did not wake it).
    /// </summary>
    public int WakeCount
    {
        get => Volatile.Read(ref _wakeCount);

        set
        {
            // Never more than a quarter of the limit: a small queue must not fill up before the reader is woken (but
            // in a flood, where it is meant to stay full). A full fence, paired with the writer's: see the remarks.
            // Unchanged, it is not written at all (the writers read it on every call; the earlier write was fenced already).
            var count = value == NoWriterWakes ? value : Math.Max(1, Math.Min(value, _limit / 4));
            if (Volatile.Read(ref _wakeCount) != count)
            {
                Interlocked.Exchange(ref _wakeCount, count);
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="item"/> unless the queue is full or completed. Never blocks, never throws, and allocates
    /// nothing when it refuses (but a thread's first refusal, which claims its tally lane): an event the full queue
    /// refuses is counted by its template and level (<see cref="DropTally"/>), so the digest can add it to its
    /// template's group.
    /// </summary>
    public bool TryWrite(T item)
    {
        // A plain read first: while the queue is full, refused calls do not write the shared counter at all.
        if (Volatile.Read(ref _count.Value) >= _limit || Volatile.Read(ref _completed) != 0)
        {
            Refuse(item);
            return false;
        }

        var count = Interlocked.Increment(ref _count.Value);
        if (count > _limit)
        {
            Interlocked.Decrement(ref _count.Value);
            Refuse(item);
            return false;
        }

        _items.Enqueue(item);

        // See the remarks: the enqueue must be visible before we look for a sleeping reader.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiter) is not null && count >= Volatile.Read(ref _wakeCount))
        {
            Wake();
        }

        return true;
    }

    /// <summary>Takes one event, for the loop.</summary>
    public bool TryRead(out T item)
    {
        if (_items.TryDequeue(out item!))
        {
            // The count is written by every logging call: taking it down once per event as well would move its cache
            // line between the reader's core and the writers' for every event. Taken down in steps instead, so it may
            // run ahead of the queue by less than a step while the reader drains; once the queue is empty it is exact.
            if (++_readNotCounted.Value == CountStep)
            {
                ReleaseReadCount();
            }

            return true;
        }

        ReleaseReadCount();
        return false;
    }

    /// <summary>
    /// For a front end that builds its event only to queue it: whether the queue would refuse one now (two plain reads).
    /// If so, it can count the event with <see cref="CountRefused"/> instead of building it.
    /// </summary>
    public bool WouldRefuse => Volatile.Read(ref _count.Value) >= _limit || Volatile.Read(ref _completed) != 0;

    /// <summary>Counts an event that was not offered to the queue because <see cref="WouldRefuse"/> said so. Never throws.</summary>
    /// <param name="template">The event's template, by the reference the logging library hands out; <see langword="null"/> if unknown.</param>
    /// <param name="level">The event's level.</param>
    public void CountRefused(string? template, DigestLevel level)
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            Interlocked.Increment(ref _droppedWhileClosed);
        }
        else
        {
            _tally.Count(template, level);
        }
    }

    /// <summary>For the reader: hands the refused events' counts by template and level to <paramref name="receiver"/> (see <see cref="DropTally.Take"/>).</summary>
    public void TakeTallied<TReceiver>(ref TReceiver receiver)
        where TReceiver : struct, IDropTallyReceiver
        => _tally.Take(ref receiver);

    // Out of line, so the accepting path stays small. The reader's two getters are plain field reads in both front ends.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Refuse(T item)
    {
        if (Volatile.Read(ref _completed) != 0)
        {
            // Counted apart: "queue full" would be the wrong reason for an event logged while the logger was closing.
            Interlocked.Increment(ref _droppedWhileClosed);
            return;
        }

        if (_refusedReader is not { } reader)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        string template;
        DigestLevel level;
        try
        {
            template = reader.GetMessageTemplate(item);
            level = reader.GetLevel(item);
        }
        catch (Exception)
        {
            // A getter that throws on the caller's thread costs the event its template and level, never its count.
            Interlocked.Increment(ref _dropped);
            return;
        }

        // Outside the try, so the tally's usual case is inlined here; it never throws.
        _tally.Count(template, level);
    }

    private void ReleaseReadCount()
    {
        if (_readNotCounted.Value > 0)
        {
            Interlocked.Add(ref _count.Value, -_readNotCounted.Value);
            _readNotCounted.Value = 0;
        }
    }

    /// <summary>
    /// For the loop (one caller at a time, and not again before the previous task has completed): a task that
    /// completes with <see langword="false"/> once the queue is completed and empty, otherwise with
    /// <see langword="true"/> when <see cref="WakeCount"/> events are waiting (or the queue was just completed: ask
    /// again). With the wake-up count raised, a few waiting events do not count: a reader that polls anyway reads
    /// them on its next look, not right behind the writers, which would pull the queue's cache lines to its core event
    /// by event.
    /// </summary>
    public Task<bool> WaitToReadAsync()
    {
        if (EnoughWaiting())
        {
            return True;
        }

        if (Volatile.Read(ref _completed) != 0)
        {
            return _items.IsEmpty ? False : True;
        }

        var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.None);
        Interlocked.Exchange(ref _waiter, waiter);

        // Look again now that the waiter is published: a write or a Complete that came before it did not see it.
        if (EnoughWaiting() || Volatile.Read(ref _completed) != 0)
        {
            if (Interlocked.CompareExchange(ref _waiter, null, waiter) == waiter)
            {
                return _items.IsEmpty ? False : True;
            }

            // A writer took the waiter first and completes it.
        }

        return waiter.Task;
    }

    // What a writer's wake-up compares (its own count against the wake-up count), read from the reader's side.
    private bool EnoughWaiting() => !_items.IsEmpty && Volatile.Read(ref _count.Value) >= Volatile.Read(ref _wakeCount);

    /// <summary>
    /// For the reader: completes the task of <see cref="WaitToReadAsync"/> after <paramref name="delay"/> (real time),
    /// as a writer's wake-up would, unless a poll is armed already. One timer serves every poll: a reader that polls
    /// while events flow costs the thread pool one callback per poll that fires, and nothing for the polls a writer's
    /// wake-up made unnecessary (a <c>Task.Delay</c> a poll would cost an allocation and a callback every time).
    /// </summary>
    public void PollAfter(TimeSpan delay)
    {
        if (Interlocked.Exchange(ref _pollArmed, 1) == 0)
        {
            _poll.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Whether a poll is armed and has not fired yet (see <see cref="PollAfter"/>).</summary>
    public bool PollArmed => Volatile.Read(ref _pollArmed) != 0;

    /// <summary>
    /// The events dropped because the queue was full since the last call, and resets the count: those without a
    /// template or level, and — unless the reader took them with <see cref="TakeTallied"/> — the tallied ones too (a stop
    /// counts them all).
    /// </summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0) + _tally.TakeAll();

    /// <summary>The events dropped because the queue was full whose template and level could not be read, and resets the count.</summary>
    public long TakeDroppedUntallied() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>The events refused since <see cref="Complete"/> (the logger was closing) since the last call, and resets the count.</summary>
    public long TakeDroppedWhileClosed() => Interlocked.Exchange(ref _droppedWhileClosed, 0);

    /// <summary>The events in the queue, exactly (not the writers' count, which runs ahead while the reader drains).</summary>
    public int ItemsWaiting => _items.Count;

    /// <summary>Refuses further writes and wakes the reader, which reads what is left and then sees the end.</summary>
    public void Complete()
    {
        Interlocked.Exchange(ref _completed, 1);
        Wake();
    }

    /// <summary>Stops the poll timer.</summary>
    public void Dispose() => _poll.Dispose();

    // On the timer's pool thread, which only wakes the loop's thread (see Wake). A poll that finds no waiter (a writer
    // woke the reader first) does nothing; one that finds a later waiter wakes it early, which costs the reader a look.
    private void OnPoll()
    {
        Volatile.Write(ref _pollArmed, 0);
        Wake();
    }

    // The only thing waiting on a waiter is the loop's thread, blocked in Task.WaitAny: completing it inline runs no
    // more than that wait's own completion (it sets the event the thread sleeps on), never the loop itself, and
    // allocates nothing. So a writer completes it right here.
    private void Wake() => Interlocked.Exchange(ref _waiter, null)?.TrySetResult(true);
}
