namespace DingTalk.Robot.Tests.Client;

/// <summary>
/// A clock that delegates to another and counts the timers created on it. Given to the emulator, it tells a test that
/// a delayed request has really reached the emulator (its Delay fault started a timer) before the test moves time on.
/// </summary>
internal sealed class ObservableTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private int _timersCreated;

    public ObservableTimeProvider(TimeProvider inner) => _inner = inner;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        return _inner.CreateTimer(callback, state, dueTime, period);
    }
}
