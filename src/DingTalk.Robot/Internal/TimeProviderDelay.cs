namespace DingTalk.Robot.Internal;

/// <summary>A delay measured by a <see cref="TimeProvider"/>, so tests can drive the loop with a fake clock.</summary>
internal static class TimeProviderDelay
{
    public static Task Delay(TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return Task.Delay(delay, timeProvider, cancellationToken);
#else
        return timeProvider.Delay(delay, cancellationToken);
#endif
    }
}
