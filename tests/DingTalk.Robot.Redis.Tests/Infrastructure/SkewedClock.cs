namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>A pod whose clock is off: the wall clock and the timestamps both shifted by <paramref name="skew"/>, time passing normally.</summary>
internal sealed class SkewedClock(TimeSpan skew) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;

    public override long GetTimestamp() => System.GetTimestamp() + (long)(skew.TotalSeconds * System.TimestampFrequency);

    public override long TimestampFrequency => System.TimestampFrequency;
}
