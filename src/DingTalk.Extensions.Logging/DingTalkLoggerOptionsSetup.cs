using DingTalk.Robot.Digest.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Configuration;
using Microsoft.Extensions.Options;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Reads <c>Logging:DingTalk</c> into <see cref="DingTalkLoggerOptions"/> with <see cref="DingTalkLoggerOptionsReader"/>
/// (code of our own, where <c>LoggerProviderOptions.RegisterProviderOptions</c> would use reflection that trimming and
/// native AOT cannot follow). A key that is no option (<c>Keyword</c> for <c>Keywords</c>) is reported once, with the
/// closest option's name: it is ignored, and the mistake would otherwise surface only as DingTalk refusing the digests.
/// </summary>
internal sealed class DingTalkLoggerOptionsSetup : IConfigureOptions<DingTalkLoggerOptions>
{
    private readonly IConfiguration _configuration;
    private readonly ProviderDiagnostics _diagnostics;
    private readonly HashSet<string> _reported = new(StringComparer.OrdinalIgnoreCase);

    public DingTalkLoggerOptionsSetup(ILoggerProviderConfiguration<DingTalkLoggerProvider> providerConfiguration, ProviderDiagnostics diagnostics)
    {
        _configuration = providerConfiguration.Configuration;
        _diagnostics = diagnostics;
    }

    public void Configure(DingTalkLoggerOptions options)
    {
        ReportUnknownKeys();
        DingTalkLoggerOptionsReader.Read(_configuration, options);
    }

    private void ReportUnknownKeys()
    {
        foreach (var section in _configuration.GetChildren())
        {
            var key = section.Key;
            if (string.Equals(key, nameof(DingTalkLoggerOptions.Fleet), StringComparison.OrdinalIgnoreCase))
            {
                ReportUnknownFleetKeys(section);
                continue;
            }

            if (DingTalkLoggerOptionsReader.IsKnown(key) && !DingTalkLoggerOptionsReader.IsCodeOnly(key))
            {
                continue;
            }

            // Once per key for the provider's lifetime: Configure runs again on every reload of the configuration.
            lock (_reported)
            {
                if (!_reported.Add(key))
                {
                    continue;
                }
            }

            if (DingTalkLoggerOptionsReader.IsCodeOnly(key))
            {
                _diagnostics.Write(new DingTalkDiagnostic(
                    DingTalkDiagnosticKind.Permanent,
                    $"Logging:DingTalk:{key} can be set only in code (AddDingTalk(options => ...)) and is ignored."));
                continue;
            }

            var closest = DingTalkLoggerOptionsReader.Closest(key);
            var hint = closest is null
                ? "the options are " + string.Join(", ", DingTalkLoggerOptionsReader.OptionNames) + "."
                : "did you mean " + closest + "?";
            _diagnostics.Write(new DingTalkDiagnostic(
                DingTalkDiagnosticKind.Permanent,
                $"Logging:DingTalk:{key} is not an option of the DingTalk logging provider and is ignored; {hint}"));
        }
    }

    // Logging:DingTalk:Fleet:Redis and its siblings: a mistyped one (Fleet:Reddis) would silently leave fleet mode off.
    private void ReportUnknownFleetKeys(IConfigurationSection fleet)
    {
        foreach (var section in fleet.GetChildren())
        {
            var key = section.Key;
            if (DingTalkLoggerOptionsReader.FleetOptionNames.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            lock (_reported)
            {
                if (!_reported.Add("Fleet:" + key))
                {
                    continue;
                }
            }

            _diagnostics.Write(new DingTalkDiagnostic(
                DingTalkDiagnosticKind.Permanent,
                $"Logging:DingTalk:Fleet:{key} is not an option of the DingTalk logging provider and is ignored; the fleet options are {string.Join(", ", DingTalkLoggerOptionsReader.FleetOptionNames)}."));
        }
    }
}
