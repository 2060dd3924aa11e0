namespace DingTalk.Robot.Testing.Tests;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds, for at most 5 seconds.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }
}
