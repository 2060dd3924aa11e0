using DingTalk.Extensions.Logging;
using DingTalk.Robot.Digest;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>An application on a generic host, logging through <c>ILogger</c> (see <see cref="MelFrontEnd"/>).</summary>
internal sealed class MelApp : ILoggingApp
{
    private readonly IHost _host;
    private readonly DiagnosticsCapture _diagnostics;
    private readonly string _webhook;
    private readonly ILoggerFactory _factory;
    private readonly ILogger _logger;
    private readonly DingTalkLoggerProvider _provider;
    private bool _hostDisposed;

    public MelApp(IHost host, DiagnosticsCapture diagnostics, string webhook)
    {
        _host = host;
        _diagnostics = diagnostics;
        _webhook = webhook;
        _factory = host.Services.GetRequiredService<ILoggerFactory>();
        _logger = _factory.CreateLogger(MelFrontEnd.Category);
        _provider = host.Services.GetServices<ILoggerProvider>().OfType<DingTalkLoggerProvider>().Single();
    }

    public IReadOnlyList<string> Diagnostics => _diagnostics.Lines;

    public Exception? SwallowedException => null;

    // Not 0 while the provider is disabled: a wait on it would pass without waiting.
    public int QueuedEvents => _provider.Engine?.QueuedCount ?? throw new InvalidOperationException("The provider is disabled: it has no queue.");

    public void Log(DigestLevel level, Exception? exception, string template, params object?[] values)
        => _logger.Log((LogLevel)level, exception, template, values);

    public IDisposable BeginScope(string template, object? value) => _logger.BeginScope(template, value) ?? NoScope.Instance;

    public IDisposable BeginProperties(IReadOnlyDictionary<string, object?> properties)
        => _logger.BeginScope(new Dictionary<string, object?>(properties)) ?? NoScope.Instance;

    public void LogHostile(HostileCall call)
    {
        var logger = _factory.CreateLogger(call.Text.Length > 200 ? call.Text.Substring(0, 200) : call.Text);
        var exception = Hostile.Exception(call.ExceptionKind, call.Text);
        var state = new HostileState(call.Text, Hostile.Value(call.ValueKind, call.Text));
        Func<HostileState, Exception?, string> formatter = call.FormatterThrows
            ? (_, _) => throw new FormatException("formatter is broken")
            : (s, _) => s.Text;
        using (logger.BeginScope(Hostile.Value(call.ScopeKind, call.Text) ?? "no scope"))
        {
            logger.Log((LogLevel)call.Level, new EventId(call.Level, call.Text), state, exception, formatter);
        }
    }

    public string DescribeLogging() => string.Join(", ", _host.Services.GetServices<ILoggerProvider>().Select(p => p.ToString()));

    public Task StopAsync() => _host.StopAsync();

    /// <summary>
    /// The first call disposes the host, and with it the provider. A later call disposes the provider once more,
    /// which the host's container would not do, as an application that disposes what it registered does: disposing
    /// must be safe to repeat.
    /// </summary>
    public async Task DisposeLoggingAsync()
    {
        if (_hostDisposed)
        {
            await _provider.DisposeAsync();
            return;
        }

        _hostDisposed = true;
        _host.Dispose();
    }

    /// <summary>
    /// Changes settings and reloads the configuration, as editing appsettings.json at run time does; a value may be
    /// <see cref="MelFrontEnd.Webhook"/> or <see cref="MelFrontEnd.WebhookWithWrongToken"/>.
    /// </summary>
    public void Reload(IReadOnlyDictionary<string, string?> changes)
    {
        var configuration = (IConfigurationRoot)_host.Services.GetRequiredService<IConfiguration>();
        foreach (var (key, value) in changes)
        {
            configuration[key] = MelFrontEnd.Expand(value, _webhook);
        }

        configuration.Reload();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_hostDisposed)
        {
            await StopAsync();
            await DisposeLoggingAsync();
        }
    }

    /// <summary>Structured state whose template is the hostile text itself, with a hostile value.</summary>
    private sealed class HostileState(string text, object? value) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Text => text;

        public int Count => 3;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("Text", text),
            1 => new("Value", value),
            _ => new("{OriginalFormat}", text),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => throw new InvalidOperationException("the state's ToString is broken");
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
