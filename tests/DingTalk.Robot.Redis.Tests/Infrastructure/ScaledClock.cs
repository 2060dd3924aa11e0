namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>
/// TEST-ONLY: a clock that runs <paramref name="factor"/> times faster than real time, so that the robot emulator's
/// rolling minute lasts 60 / factor real seconds (the replicas' fleet window is shortened to match).
/// </summary>
internal sealed class ScaledClock(double factor) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private readonly long _startTimestamp = System.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks((long)(System.GetElapsedTime(_startTimestamp).Ticks * factor));

    public override long GetTimestamp() => _startTimestamp + (long)((System.GetTimestamp() - _startTimestamp) * factor);

    public override long TimestampFrequency => System.TimestampFrequency;
}
