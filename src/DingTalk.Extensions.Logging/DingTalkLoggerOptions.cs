using DingTalk.Robot.Digest;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// Options of the DingTalk logging provider, bound from <c>Logging:DingTalk</c>: the digest options shared with the
/// Serilog sink (same names), plus what is specific to Microsoft.Extensions.Logging.
/// </summary>
public sealed class DingTalkLoggerOptions : DingTalkDigestOptions
{
    /// <summary>Show the logging scopes of each example event. Default: <see langword="true"/>.</summary>
    public bool IncludeScopes { get; set; } = true;

    /// <summary>
    /// What could not be read from <c>Logging:DingTalk</c> (each naming its key), or <see langword="null"/>: refused
    /// at start, reported on a reload (see <see cref="DingTalkLoggerProvider"/>).
    /// </summary>
    internal List<string>? ConfigurationErrors { get; set; }
}
