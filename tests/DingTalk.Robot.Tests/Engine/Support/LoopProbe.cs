using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Robot.Tests.Engine.Support;

/// <summary>
/// Tells a test when the digest loop has done all that was due and sleeps, and until when: the moment to look at what
/// it sent, or to move the fake clock on to its next wake-up. No real-time waiting for the loop to "settle".
/// </summary>
internal sealed class LoopProbe : ILoopObserver
{
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(20);
    private readonly TimeProvider _clock;
    private readonly object _lock = new();
    private long _idles;
    private long _idleAt;
    private TimeSpan? _idleFor;
    private Waiter? _waiter;

    public LoopProbe(TimeProvider clock) => _clock = clock;

    /// <summary>How many times the loop has gone idle so far.</summary>
    public long Idles
    {
        get
        {
            lock (_lock)
            {
                return _idles;
            }
        }
    }

    /// <summary>How long until the idle loop wakes up by itself, on the test's clock; <see langword="null"/> for never.</summary>
    public TimeSpan? UntilWake
    {
        get
        {
            lock (_lock)
            {
                return _idleFor - _clock.GetElapsedTime(_idleAt);
            }
        }
    }

    public void Idle(TimeSpan? delay)
    {
        Waiter? waiter;
        lock (_lock)
        {
            _idles++;
            _idleAt = _clock.GetTimestamp();
            _idleFor = delay;
            waiter = _waiter;

            // Checked on the loop's thread as it goes idle: the condition then holds for what the loop has done.
            if (waiter is null || _idles <= waiter.After || !waiter.Condition())
            {
                return;
            }

            _waiter = null;
        }

        waiter.Done.TrySetResult(true);
    }

    /// <summary>Registers a wait for an idle after the <paramref name="after"/>th with <paramref name="condition"/> true.</summary>
    public Task Expect(long after, Func<bool> condition, string what)
    {
        var waiter = new Waiter(after, condition);
        lock (_lock)
        {
            _waiter = waiter;
        }

        return WaitAsync(waiter, what);
    }

    private static async Task WaitAsync(Waiter waiter, string what)
    {
        if (await Task.WhenAny(waiter.Done.Task, Task.Delay(RealTimeLimit)) != waiter.Done.Task)
        {
            throw new TimeoutException($"The digest loop never went idle with: {what}");
        }
    }

    private sealed class Waiter(long after, Func<bool> condition)
    {
        public long After { get; } = after;

        public Func<bool> Condition { get; } = condition;

        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
