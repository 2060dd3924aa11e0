namespace DingTalk.Robot.Internal;

/// <summary>
/// The HTTP handler the client uses when the caller gives it none, and what the client does to a handler the caller
/// gives it. TLS validation is left as the platform does it (never turned off, unlike the DingTalk sinks that came
/// before), redirects are not followed (the body would go wherever they point), and the runtime's HTTP diagnostics are
/// kept off: .NET's <c>DiagnosticsHandler</c> hands every request, its URL with the access_token and the sign included,
/// to in-process <c>DiagnosticListener</c> subscribers (APM agents) as <c>System.Net.Http.HttpRequestOut.Start</c>.
/// </summary>
/// <remarks>
/// The runtime inserts that handler inside a <c>SocketsHttpHandler</c> only when its <c>ActivityHeadersPropagator</c> is
/// set (the default) and activity propagation is not switched off for the process; nothing per request turns it off.
/// So the one lever a library has is that property: null on the handler of our own, and set to null on a caller's
/// <c>SocketsHttpHandler</c> before its first request (a property cannot change after it). An
/// <c>HttpClientHandler</c> keeps its <c>SocketsHttpHandler</c> private, and a handler that already sent cannot be
/// changed: those remain visible to diagnostics (the README's security notes say so).
/// </remarks>
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

            // No DiagnosticsHandler (see the remarks), and no traceparent headers: a third party's webhook has no use
            // for our trace ids.
            ActivityHeadersPropagator = null,
            AllowAutoRedirect = false,
        };
#else
        => RuntimeSocketsHandler.TryCreate(PooledConnectionLifetime) ?? new HttpClientHandler { AllowAutoRedirect = false };
#endif

    /// <summary>
    /// Turns the runtime's HTTP diagnostics off in the <c>SocketsHttpHandler</c> that <paramref name="handler"/> sends
    /// through (itself, or the end of its chain of <see cref="DelegatingHandler"/>s), if it has not sent yet.
    /// </summary>
    /// <returns>Whether that handler is now free of the runtime's diagnostics.</returns>
    public static bool SilenceDiagnostics(HttpMessageHandler handler)
    {
        var transport = handler;
        while (transport is DelegatingHandler { InnerHandler: { } inner })
        {
            transport = inner;
        }

#if NET8_0_OR_GREATER
        if (transport is not SocketsHttpHandler sockets)
        {
            return false;
        }

        if (sockets.ActivityHeadersPropagator is null)
        {
            return true;
        }

        try
        {
            sockets.ActivityHeadersPropagator = null;
            return true;
        }
        catch (InvalidOperationException)
        {
            // It has sent already (or was disposed): its settings are frozen.
            return false;
        }
#else
        return RuntimeSocketsHandler.TrySilence(transport);
#endif
    }
}
