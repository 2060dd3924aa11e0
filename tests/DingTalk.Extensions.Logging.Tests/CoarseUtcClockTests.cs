namespace DingTalk.Extensions.Logging.Tests;

/// <summary>The logger's cheap clock tells the system's UTC time closely enough for a digest (shown to the second).</summary>
public sealed class CoarseUtcClockTests
{
    [Fact]
    public void It_tells_the_system_time_in_utc_and_never_goes_back_while_the_wall_clock_holds_still()
    {
        var previous = CoarseUtcClock.UtcNow;
        var until = DateTime.UtcNow.AddMilliseconds(1_500);
        while (DateTime.UtcNow < until)
        {
            var before = DateTimeOffset.UtcNow;
            var now = CoarseUtcClock.UtcNow;
            var after = DateTimeOffset.UtcNow;

            Assert.Equal(TimeSpan.Zero, now.Offset);
            Assert.InRange(now, before.AddMilliseconds(-100), after.AddMilliseconds(100));
            Assert.True(now >= previous.AddMilliseconds(-20), $"{now:O} came after {previous:O}");
            previous = now;
        }
    }
}
