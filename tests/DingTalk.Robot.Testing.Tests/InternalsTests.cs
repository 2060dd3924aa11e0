using DingTalk.Robot.Testing.Internal;

namespace DingTalk.Robot.Testing.Tests;

public sealed class InternalsTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_verifier_reproduces_the_known_answer_vector()
    {
        const string secret = "SECb90923e19e58b466481e9e7b7a5b4f108a4531abde590ad3967fb29f0eae5c68";

        Assert.Equal("BQKsG+QOCl+bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY=", SignatureVerifier.ComputeSign(secret, "1582163555000"));
        Assert.True(SignatureVerifier.Matches(secret, "1582163555000", "BQKsG+QOCl+bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY="));
        Assert.False(SignatureVerifier.Matches(secret, "1582163555000", "BQKsG QOCl bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY="));
        Assert.False(SignatureVerifier.Matches(secret, "1582163555001", "BQKsG+QOCl+bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY="));
    }

    [Fact]
    public void The_rolling_window_forgets_an_instant_once_it_is_a_full_window_old()
    {
        var window = new RollingWindow(TimeSpan.FromMinutes(1));
        window.Add(T0);
        window.Add(T0.AddSeconds(30));

        Assert.Equal(2, window.Count(T0.AddSeconds(59.999)));
        Assert.Equal(1, window.Count(T0.AddSeconds(60)));
        Assert.Equal(0, window.Count(T0.AddSeconds(90)));
    }

    [Theory]
    [InlineData(new double[0], 0)]
    [InlineData(new double[] { 0 }, 1)]
    [InlineData(new double[] { 0, 60, 120 }, 1)]
    [InlineData(new double[] { 0, 59.999, 119.998 }, 2)]
    [InlineData(new double[] { 30, 0, 10, 100 }, 3)]
    [InlineData(new double[] { 0, 0, 0, 61, 62 }, 3)]
    public void MaxInAnyWindow_counts_the_densest_window(double[] seconds, int expected) =>
        Assert.Equal(expected, RollingWindow.MaxInAnyWindow(seconds.Select(s => T0.AddSeconds(s)), TimeSpan.FromMinutes(1)));
}
