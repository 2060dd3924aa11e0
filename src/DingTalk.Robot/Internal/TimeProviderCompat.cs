namespace DingTalk.Robot.Internal;

/// <summary>
/// Delays and timeouts through a <see cref="TimeProvider"/> on every target: .NET 8 has them in-box, netstandard2.0
/// gets them as extension methods from Microsoft.Bcl.TimeProvider. Going through the provider is what lets a fake
/// clock drive backoffs and per-attempt timeouts in tests.
/// </summary>
internal static class TimeProviderCompat
{
    /// <summary>Waits <paramref name="delay"/> on <paramref name="timeProvider"/>'s clock.</summary>
    public static Task Delay(TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
#if NET8_0_OR_GREATER
        => Task.Delay(delay, timeProvider, cancellationToken);
#else
        => timeProvider.Delay(delay, cancellationToken);
#endif

    /// <summary>A source that cancels itself after <paramref name="timeout"/> on <paramref name="timeProvider"/>'s clock.</summary>
    public static CancellationTokenSource CreateTimeoutSource(TimeProvider timeProvider, TimeSpan timeout)
#if NET8_0_OR_GREATER
        => new(timeout, timeProvider);
#else
        => timeProvider.CreateCancellationTokenSource(timeout);
#endif
}
