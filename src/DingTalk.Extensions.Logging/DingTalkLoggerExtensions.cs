using DingTalk.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Logging;

/// <summary>Adds the DingTalk provider to a logging builder.</summary>
public static class DingTalkLoggerExtensions
{
    /// <summary>
    /// Adds the DingTalk provider, configured from <c>Logging:DingTalk</c> (options) and <c>Logging:DingTalk:LogLevel</c>
    /// (filters). Unless a DingTalk-specific filter says otherwise, only Warning and above are sent.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ILoggingBuilder AddDingTalk(this ILoggingBuilder builder)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        builder.AddConfiguration();

        // One channel for the provider's own diagnostics: the engine's, and the options setup's (unknown keys).
        builder.Services.TryAddSingleton(services => new ProviderDiagnostics(services));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, DingTalkLoggerProvider>(
            services => new DingTalkLoggerProvider(
                services.GetRequiredService<IOptionsMonitor<DingTalkLoggerOptions>>(),
                services.GetRequiredService<ProviderDiagnostics>())));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<DingTalkLoggerOptions>, DingTalkLoggerOptionsSetup>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FlushOnStop>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<DingTalkLoggerOptions>,
            LoggerProviderOptionsChangeTokenSource<DingTalkLoggerOptions, DingTalkLoggerProvider>>());

        // The default level, as the FIRST rule: a rule from Logging:DingTalk:LogLevel (or AddFilter) is as specific
        // and comes later, so it wins; a global Logging:LogLevel rule is less specific, so it does not lower ours.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<LoggerFilterOptions>, DefaultLevelRule>());
        return builder;
    }

    /// <summary>Adds the DingTalk provider, configured from <c>Logging:DingTalk</c> and then by <paramref name="configure"/>.</summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="configure">Sets options in code (applied after configuration).</param>
    /// <returns>The builder, for chaining.</returns>
    public static ILoggingBuilder AddDingTalk(this ILoggingBuilder builder, Action<DingTalkLoggerOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        builder.AddDingTalk();
        builder.Services.Configure(configure);
        return builder;
    }

    private sealed class DefaultLevelRule : IConfigureOptions<LoggerFilterOptions>
    {
        public void Configure(LoggerFilterOptions options)
            => options.Rules.Insert(0, new LoggerFilterRule(typeof(DingTalkLoggerProvider).FullName, null, LogLevel.Warning, null));
    }
}
