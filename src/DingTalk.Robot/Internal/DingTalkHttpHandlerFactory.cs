namespace DingTalk.Robot.Internal;

/// <summary>
/// The HTTP handler the client uses when the caller gives it none. TLS validation is left as the platform does it
/// (never turned off, unlike the DingTalk sinks that came before), and nothing here logs or traces request URLs,
/// which carry the access_token and the sign.
/// </summary>
internal static class DingTalkHttpHandlerFactory
{
    /// <summary>How long a pooled connection is reused, so that a DNS change of DingTalk's host is picked up.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Creates the handler.</summary>
    public static HttpMessageHandler Create()
#if NET8_0_OR_GREATER
        => new SocketsHttpHandler
        {
            PooledConnectionLifetime = PooledConnectionLifetime,

            // No traceparent/Request-Id headers: a third party's webhook has no use for our trace ids.
            ActivityHeadersPropagator = null,
            AllowAutoRedirect = false,
        };
#else
        => new HttpClientHandler { AllowAutoRedirect = false };
#endif
}
