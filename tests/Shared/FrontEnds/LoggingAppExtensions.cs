using DingTalk.Robot.Digest;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>The logging calls scenarios make, named as both libraries name them.</summary>
internal static class LoggingAppExtensions
{
    public static void Error(this ILoggingApp app, string template, params object?[] values) => app.Log(DigestLevel.Error, null, template, values);

    public static void Error(this ILoggingApp app, Exception? exception, string template, params object?[] values) => app.Log(DigestLevel.Error, exception, template, values);

    public static void Warning(this ILoggingApp app, string template, params object?[] values) => app.Log(DigestLevel.Warning, null, template, values);

    public static void Critical(this ILoggingApp app, string template, params object?[] values) => app.Log(DigestLevel.Critical, null, template, values);
}
