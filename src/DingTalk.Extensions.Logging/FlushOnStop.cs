using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Delivers pending digests when the host stops, so <c>StopAsync</c> means "what was logged has been sent" even
/// before the host (and with it the provider) is disposed. Registered with the provider; hosted services stop in
/// reverse order, so this one, added with logging, stops after the application's own services.
/// </summary>
internal sealed class FlushOnStop : IHostedService
{
    private readonly IEnumerable<ILoggerProvider> _providers;

    public FlushOnStop(IEnumerable<ILoggerProvider> providers) => _providers = providers;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in _providers)
        {
            if (provider is DingTalkLoggerProvider dingTalk)
            {
                dingTalk.PrepareDiagnostics();
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in _providers)
        {
            if (provider is DingTalkLoggerProvider dingTalk)
            {
                await dingTalk.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
