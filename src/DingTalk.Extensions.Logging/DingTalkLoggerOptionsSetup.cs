using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Options;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Binds <c>Logging:DingTalk</c> to <see cref="DingTalkLoggerOptions"/>. The binding code is generated at build time
/// (the configuration binding generator), where <c>LoggerProviderOptions.RegisterProviderOptions</c> would use
/// reflection that trimming and native AOT cannot follow.
/// </summary>
internal sealed class DingTalkLoggerOptionsSetup : IConfigureOptions<DingTalkLoggerOptions>
{
    private readonly IConfiguration _configuration;

    public DingTalkLoggerOptionsSetup(ILoggerProviderConfiguration<DingTalkLoggerProvider> providerConfiguration)
        => _configuration = providerConfiguration.Configuration;

    public void Configure(DingTalkLoggerOptions options) => _configuration.Bind(options);
}
