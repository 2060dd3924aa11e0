using System.Globalization;
using DingTalk.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// A generic host whose logging has the DingTalk provider, configured from <c>Logging:DingTalk</c> (then in code for
/// what configuration cannot hold), every level of the application's categories let through, and the provider's own
/// diagnostics captured from the application's loggers.
/// </summary>
internal sealed class MelFrontEnd : IFrontEnd
{
    /// <summary>The category the application logs under.</summary>
    public const string Category = "Checkout.Payments";

    public static readonly MelFrontEnd Instance = new();

    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="settings">
    /// More configuration (keys such as <c>Logging:DingTalk:Secret</c>), applied over what the options say; a value
    /// may be <see cref="Webhook"/> or <see cref="WebhookWithWrongToken"/>.
    /// </param>
    public MelFrontEnd(IReadOnlyDictionary<string, string?>? settings = null)
        => _settings = settings ?? new Dictionary<string, string?>();

    /// <summary>A setting's value that stands for the webhook the application was started with.</summary>
    public static string Webhook => "{webhook}";

    /// <summary>A setting's value that stands for that webhook with another access_token.</summary>
    public static string WebhookWithWrongToken => "{webhook-wrong-token}";

    public int ShutdownPhases => 2;

    public async Task<ILoggingApp> StartAsync(FrontEndOptions options)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Logging:DingTalk:WebhookUrl"] = options.WebhookUrl,
            ["Logging:DingTalk:Secret"] = options.Secret,
            ["Logging:DingTalk:Title"] = options.Title,
            ["Logging:DingTalk:ShutdownTimeout"] = options.ShutdownTimeout?.ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = Expand(value, options.WebhookUrl);
        }

        var diagnostics = new DiagnosticsCapture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // As the host's defaults do (DisableDefaults turns them off): a scope "SpanId:…, TraceId:…, ParentId:…" under an Activity.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.SpanId | ActivityTrackingOptions.TraceId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddDingTalk(o =>
        {
            o.TimeProvider = options.Clock;
            o.MessageHandler = options.Http;
            options.Configure?.Invoke(o);
        });

        // Every level, as the Serilog front end's minimum level lets through; the host's own categories keep the
        // provider's default (Warning), so that its start and stop messages are not events of the scenario.
        builder.Logging.AddFilter<DingTalkLoggerProvider>(null, LogLevel.Trace);
        builder.Logging.AddFilter<DingTalkLoggerProvider>("Microsoft", LogLevel.Warning);
        builder.Logging.AddProvider(diagnostics);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return new MelApp(host, diagnostics, options.WebhookUrl);
        }
        catch
        {
            // An option the provider refuses: the test observes the exception, and the host does not outlive it.
            host.Dispose();
            throw;
        }
    }

    public override string ToString() => "MEL";

    /// <summary>Reads the placeholders <see cref="Webhook"/> and <see cref="WebhookWithWrongToken"/>.</summary>
    internal static string? Expand(string? value, string webhook)
        => value == Webhook ? webhook
            : value == WebhookWithWrongToken ? webhook.Replace(ScenarioRig.AccessToken, "0123456789abcdef", StringComparison.Ordinal)
            : value;
}
