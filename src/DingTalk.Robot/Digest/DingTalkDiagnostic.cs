namespace DingTalk.Robot.Digest;

/// <summary>
/// A line about the delivery of digests, for Serilog's SelfLog or a logger. Its text never contains the access
/// token, the secret or a sign.
/// </summary>
public sealed class DingTalkDiagnostic
{
    internal DingTalkDiagnostic(DingTalkDiagnosticKind kind, string message)
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
