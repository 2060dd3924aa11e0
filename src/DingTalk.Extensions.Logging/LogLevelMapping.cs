using System.Runtime.CompilerServices;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging;

/// <summary>Microsoft.Extensions.Logging's levels in the digest's terms, and back for diagnostics.</summary>
internal static class LogLevelMapping
{
    // On every logging call, so small enough to inline: the two scales number Trace to Critical alike, 0 to 5 (a test
    // pins it), and anything above (None, or a value out of range) is Fatal.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DigestLevel ToDigestLevel(LogLevel level)
        => (uint)level <= (uint)LogLevel.Critical ? (DigestLevel)(int)level : DigestLevel.Fatal;

    public static LogLevel ToLogLevel(DingTalkDiagnosticKind kind) => kind switch
    {
        DingTalkDiagnosticKind.Information => LogLevel.Information,
        DingTalkDiagnosticKind.Temporary => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
