using DingTalk.Testing.Shared;

namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>A chaos test's phase ends on what is seen, within a deadline; when it does not, the failure carries the test's report.</summary>
internal static class PhasePoll
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan limit, Func<string> report)
    {
        try
        {
            await Poll.UntilAsync(condition, what, limit);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(timeout.Message + "\n" + report(), timeout);
        }
    }
}
