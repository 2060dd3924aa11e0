using System.Diagnostics;

namespace DingTalk.Testing.Shared;

/// <summary>
/// The one way a test waits, in real time, for what another thread does: it polls a condition until it holds. What
/// happens on a simulated clock is waited for by moving the clock instead (<c>SimulatedTime.AdvanceUntilAsync</c>).
/// </summary>
internal static class Poll
{
    /// <summary>Far beyond what a busy two-core machine needs, so that only a real hang fails.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Returns once <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> saying what did not
    /// happen once <paramref name="limit"/> (<see cref="DefaultLimit"/> by default) of real time has passed.
    /// </summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var max = limit ?? DefaultLimit;
        var realTime = Stopwatch.StartNew();
        while (!condition())
        {
            if (realTime.Elapsed > max)
            {
                throw new TimeoutException($"After {max} of real time, still not: {what}");
            }

            await Task.Delay(5);
        }
    }
}
