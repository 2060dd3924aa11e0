using DingTalk.Robot.Digest;
using Microsoft.Extensions.Logging;
using DingTalk.Robot.Digest.Engine;

namespace DingTalk.Extensions.Logging;

/// <summary>Microsoft.Extensions.Logging's levels in the digest's terms, and back for diagnostics.</summary>
internal static class LogLevelMapping
{
    public static DigestLevel ToDigestLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => DigestLevel.Verbose,
        LogLevel.Debug => DigestLevel.Debug,
        LogLevel.Information => DigestLevel.Information,
        LogLevel.Warning => DigestLevel.Warning,
        LogLevel.Error => DigestLevel.Error,
        _ => DigestLevel.Fatal,
    };

    public static LogLevel ToLogLevel(DingTalkDiagnosticKind kind) => kind switch
    {
        DingTalkDiagnosticKind.Information => LogLevel.Information,
        DingTalkDiagnosticKind.Temporary => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
