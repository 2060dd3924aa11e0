namespace DingTalk.Robot.Digest.Engine;

/// <summary>How serious a <see cref="DingTalkDiagnostic"/> is, with the meanings Serilog 4.1 gives its batching diagnostics.</summary>
internal enum DingTalkDiagnosticKind
{
    /// <summary>Something to know that loses nothing: the sink is disabled by an empty webhook, the robot is throttled, delivery recovered.</summary>
    Information = 0,

    /// <summary>A failure that will be retried (an outage, a timeout): nothing is lost yet.</summary>
    Temporary = 1,

    /// <summary>A failure that retrying cannot fix (a wrong secret, keyword or token, a disabled robot): the digest is given up and counted in the next one.</summary>
    Permanent = 2,

    /// <summary>Events that will never be delivered: the retry time limit ran out, or shutdown came first.</summary>
    Final = 3,
}
