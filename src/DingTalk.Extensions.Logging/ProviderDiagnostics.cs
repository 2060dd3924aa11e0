using DingTalk.Robot.Digest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Where the provider's own diagnostics go: a logger of the application's logger factory, under the provider's
/// category (which the provider itself never sends to DingTalk), so they reach the console or wherever the app's
/// other providers write. The logger is resolved lazily on the thread pool: the provider is built while the logger
/// factory itself is being built, and resolving the factory from there would be circular.
/// </summary>
internal sealed class ProviderDiagnostics
{
    public const string Category = "DingTalk.Extensions.Logging.DingTalkLoggerProvider";

    private readonly IServiceProvider? _services;
    private readonly Action<DingTalkDiagnostic>? _sink;
    private ILogger? _logger;

    public ProviderDiagnostics(IServiceProvider? services, Action<DingTalkDiagnostic>? sink = null)
    {
        _services = services;
        _sink = sink;
    }

    /// <summary>
    /// Resolves the application's logger now, while the service provider is whole (when the host starts). Without
    /// it, a first diagnostic written while the host is disposed — the Final one, typically — found the service
    /// provider gone and was lost.
    /// </summary>
    public void Prepare()
    {
        if (_services is null || Volatile.Read(ref _logger) is not null)
        {
            return;
        }

        try
        {
            Volatile.Write(ref _logger, _services.GetService<ILoggerFactory>()?.CreateLogger(Category));
        }
        catch (Exception)
        {
            // Resolved lazily below instead.
        }
    }

    public void Write(DingTalkDiagnostic diagnostic)
    {
        if (_sink is not null)
        {
            _sink(diagnostic);
        }

        if (_services is null)
        {
            return;
        }

        if (Volatile.Read(ref _logger) is { } logger)
        {
            // Resolved already: write at once, in order, even while the host is being disposed.
            Log(logger, diagnostic);
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                _logger ??= _services.GetService<ILoggerFactory>()?.CreateLogger(Category);
                if (_logger is { } resolved)
                {
                    Log(resolved, diagnostic);
                }
            }
            catch (Exception)
            {
                // The service provider is gone (the host is shutting down): nowhere left to say it.
            }
        });
    }

    private static void Log(ILogger logger, DingTalkDiagnostic diagnostic)
    {
        try
        {
            logger.Log(LogLevelMapping.ToLogLevel(diagnostic.Kind), "{DingTalkDiagnostic}", diagnostic.ToString());
        }
        catch (Exception)
        {
            // An application logger that throws must not stop the digest loop.
        }
    }
}
