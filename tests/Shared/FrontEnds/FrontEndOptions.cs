using DingTalk.Robot.Digest;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// What a scenario sets on the front end's options. The first four are what an application writes in its
/// configuration (with MEL they go through <c>Logging:DingTalk</c>, so that a MEL-only test can change them by a
/// reload); the clock and the handler can only be set in code; <see cref="Configure"/> changes anything else, typed,
/// the same way for both front ends.
/// </summary>
internal sealed record FrontEndOptions(string WebhookUrl)
{
    public string? Secret { get; init; }

    public string? Title { get; init; }

    public TimeSpan? ShutdownTimeout { get; init; }

    /// <summary>The front end's clock; <see langword="null"/> for the real one.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>The handler the front end sends through; <see langword="null"/> for its own.</summary>
    public HttpMessageHandler? Http { get; init; }

    /// <summary>Applied last, on the front end's own options object.</summary>
    public Action<DingTalkDigestOptions>? Configure { get; init; }
}
