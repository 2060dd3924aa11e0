namespace DingTalk.Robot.Digest;

/// <summary>
/// The severity of a log event in a digest, common to Serilog and Microsoft.Extensions.Logging. The MEL names
/// <see cref="Trace"/> and <see cref="Critical"/> are aliases, so either spelling binds from configuration.
/// </summary>
public enum DigestLevel
{
    /// <summary>Serilog's Verbose.</summary>
    Verbose = 0,

    /// <summary>Microsoft.Extensions.Logging's name for <see cref="Verbose"/>.</summary>
    Trace = Verbose,

    /// <summary>Debug.</summary>
    Debug = 1,

    /// <summary>Information.</summary>
    Information = 2,

    /// <summary>Warning.</summary>
    Warning = 3,

    /// <summary>Error.</summary>
    Error = 4,

    /// <summary>Serilog's Fatal.</summary>
    Fatal = 5,

    /// <summary>Microsoft.Extensions.Logging's name for <see cref="Fatal"/>.</summary>
    Critical = Fatal,
}
