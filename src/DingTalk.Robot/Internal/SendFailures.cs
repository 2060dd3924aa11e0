using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace DingTalk.Robot.Internal;

/// <summary>
/// Tells, from what the HTTP stack threw, whether a failed attempt may nevertheless have reached DingTalk. Only a
/// failure before the request could be written (the name did not resolve, the connection or the TLS handshake could
/// not be made) is sure to have sent nothing; anything else (a reset, a connection closed before the answer, a
/// handler's own exception) leaves the outcome unknown, and unknown is reported as "may have been delivered".
/// </summary>
internal static class SendFailures
{
    public static bool MayHaveBeenSent(Exception exception)
    {
#if NET8_0_OR_GREATER
        if (exception is HttpRequestException { HttpRequestError: var error } && error != HttpRequestError.Unknown)
        {
            return error is not (HttpRequestError.NameResolutionError
                or HttpRequestError.ConnectionError
                or HttpRequestError.SecureConnectionError
                or HttpRequestError.ProxyTunnelError
                or HttpRequestError.UserAuthenticationError
                or HttpRequestError.VersionNegotiationError
                or HttpRequestError.ExtendedConnectNotSupported);
        }
#endif

        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket && socket.SocketErrorCode is SocketError.ConnectionRefused
                    or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable
                    or SocketError.TryAgain or SocketError.NoData or SocketError.AddressNotAvailable)
            {
                return false;
            }

            if (current is AuthenticationException)
            {
                return false;
            }

            // .NET Framework's HttpWebRequest says where it failed.
            if (current is WebException web && web.Status is WebExceptionStatus.NameResolutionFailure
                    or WebExceptionStatus.ProxyNameResolutionFailure or WebExceptionStatus.ConnectFailure
                    or WebExceptionStatus.SecureChannelFailure or WebExceptionStatus.TrustFailure)
            {
                return false;
            }
        }

        return true;
    }
}
