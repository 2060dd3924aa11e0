#if !NET8_0_OR_GREATER
using System.Reflection;

namespace DingTalk.Robot.Internal;

/// <summary>
/// For the netstandard2.0 build, which cannot name <c>SocketsHttpHandler</c>: when it runs on .NET Core (2.1 to 7), the
/// runtime has one, and it is reached by reflection. Used directly, it carries no <c>DiagnosticsHandler</c> before
/// .NET 6 (that one sat in <c>HttpClientHandler</c>), and from .NET 6 on none once <c>ActivityHeadersPropagator</c> is
/// null (see <see cref="DingTalkHttpHandlerFactory"/>). On .NET Framework there is none, and nothing is done.
/// </summary>
internal static class RuntimeSocketsHandler
{
    private const string TypeName = "System.Net.Http.SocketsHttpHandler";
    private static readonly Type? SocketsType = typeof(HttpClientHandler).Assembly.GetType(TypeName, throwOnError: false);

    /// <summary>A new SocketsHttpHandler without diagnostics or redirects, or <see langword="null"/> where the runtime has none.</summary>
    public static HttpMessageHandler? TryCreate(TimeSpan pooledConnectionLifetime)
    {
        if (SocketsType is null)
        {
            return null;
        }

        try
        {
            var handler = (HttpMessageHandler)Activator.CreateInstance(SocketsType)!;
            SocketsType.GetProperty("PooledConnectionLifetime")?.SetValue(handler, pooledConnectionLifetime);
            SocketsType.GetProperty("AllowAutoRedirect")?.SetValue(handler, false);
            TrySilence(handler);
            return handler;
        }
        catch (Exception)
        {
            // A runtime that does not let us: the portable handler instead.
            return null;
        }
    }

    /// <summary>Sets <c>ActivityHeadersPropagator</c> to null on a SocketsHttpHandler that has not sent yet.</summary>
    /// <returns>Whether the handler is now free of the runtime's diagnostics.</returns>
    public static bool TrySilence(HttpMessageHandler handler)
    {
        var type = handler.GetType();
        if (type.FullName != TypeName)
        {
            return false;
        }

        var propagator = type.GetProperty("ActivityHeadersPropagator");
        if (propagator is null)
        {
            // Before .NET 6 a SocketsHttpHandler had no diagnostics of its own.
            return true;
        }

        try
        {
            if (propagator.GetValue(handler) is not null)
            {
                propagator.SetValue(handler, null);
            }

            return true;
        }
        catch (TargetInvocationException)
        {
            // It has sent already: its settings are frozen.
            return false;
        }
    }
}
#endif
