using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Tests.Engine.Support;

/// <summary>
/// A wall clock that can be stepped (as NTP or an operator steps a server's clock) over a fake clock whose monotonic
/// time, timers and delays go on undisturbed.
/// </summary>
internal sealed class SteppingWallClock(FakeTimeProvider inner) : TimeProvider
{
    /// <summary>How far the wall clock has been stepped from the monotonic time.</summary>
    public TimeSpan Step { get; set; }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Step;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => inner.CreateTimer(callback, state, dueTime, period);
}
