using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// The engine's two clocks from one <see cref="TimeProvider"/>: a monotonic one that every schedule is computed on
/// (<see cref="Now"/>, the time since the engine started: a step of the wall clock, backward or forward, changes no
/// due time), and the wall clock, for what a person reads and for signing.
/// </summary>
internal sealed class EngineClock
{
    private readonly TimeProvider _time;
    private readonly long _started;

    public EngineClock(TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>Monotonic: the time since the engine started.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_started);

    /// <summary>The wall clock, for people.</summary>
    public DateTimeOffset WallNow => _time.GetUtcNow();

    /// <summary>A delay on this clock (a test's fake clock moves it on).</summary>
    public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        => TimeProviderCompat.Delay(_time, delay, cancellationToken);
}
