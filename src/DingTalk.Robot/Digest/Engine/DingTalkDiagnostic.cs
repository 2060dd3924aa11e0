namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// A line about the delivery of digests, for Serilog's SelfLog or a logger. Its text never contains the access
/// token, the secret or a sign.
/// </summary>
internal sealed class DingTalkDiagnostic
{
    /// <summary>Creates a diagnostic.</summary>
    /// <param name="kind">How serious it is.</param>
    /// <param name="message">What happened; must already be free of secrets.</param>
    public DingTalkDiagnostic(DingTalkDiagnosticKind kind, string message)
    {
        Kind = kind;
        Message = message;
    }

    /// <summary>How serious it is.</summary>
    public DingTalkDiagnosticKind Kind { get; }

    /// <summary>What happened and, for a failure, what to fix.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"DingTalk ({Kind}): {Message}";
}
