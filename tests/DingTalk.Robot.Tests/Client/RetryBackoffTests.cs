using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Tests.Client;

public class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 250, 500)]
    [InlineData(2, 500, 1000)]
    [InlineData(3, 1000, 2000)]
    [InlineData(7, 15000, 30000)]
    [InlineData(8, 15000, 30000)]
    [InlineData(int.MaxValue, 15000, 30000)]
    public void Grows_exponentially_within_jitter_bounds_and_is_capped(int failures, int minimumMs, int maximumMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(minimumMs), RetryBackoff.Next(failures, 0));
        Assert.True(RetryBackoff.Next(failures, 0.999999) <= TimeSpan.FromMilliseconds(maximumMs));

        for (var i = 0; i < 100; i++)
        {
            var delay = RetryBackoff.Next(failures);
            Assert.InRange(delay, TimeSpan.FromMilliseconds(minimumMs), TimeSpan.FromMilliseconds(maximumMs));
        }
    }
}
