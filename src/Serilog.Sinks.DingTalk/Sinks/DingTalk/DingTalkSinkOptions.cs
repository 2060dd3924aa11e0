using DingTalk.Robot.Digest;

namespace Serilog.Sinks.DingTalk;

/// <summary>
/// Options for <c>WriteTo.DingTalk(options)</c>: the digest options shared with the Microsoft.Extensions.Logging
/// provider, plus what is specific to Serilog.
/// </summary>
public sealed class DingTalkSinkOptions : DingTalkDigestOptions
{
    /// <summary>Culture-specific formatting for rendering messages and properties, or <see langword="null"/> for the current culture.</summary>
    public IFormatProvider? FormatProvider { get; set; }
}
