namespace Serilog.Sinks.DingTalk;

/// <summary>
/// The engine's diagnostics name options as the options object spells them (<c>Keywords</c>); a user of the flat
/// overload (or of appsettings.json's <c>Args</c>) wrote <c>keyword</c> or <c>keywords</c>, and is told that name.
/// </summary>
internal static class SerilogSettingNames
{
    /// <summary>For <c>WriteTo.DingTalk(new DingTalkSinkOptions { … })</c>: the property names, as they are.</summary>
    public static readonly Func<string, string> OptionsObject = text => text;

    /// <summary>For <c>WriteTo.DingTalk(webhookUrl, …)</c> and <c>Args</c>: the parameter names.</summary>
    public static readonly Func<string, string> FlatOverload = text => text
        .Replace("set Keywords", "set keyword (or keywords)")
        .Replace("Keywords contains", "keywords contains");
}
