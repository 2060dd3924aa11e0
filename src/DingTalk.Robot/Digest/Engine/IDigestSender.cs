namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// What the digest loop needs of a robot: send one digest (one attempt; the loop owns retries) and say how long the
/// robot's budget or throttle asks to wait. The real one is <see cref="RobotDigestSender"/>; engine tests script one.
/// </summary>
internal interface IDigestSender : IDisposable
{
    /// <summary>Sends <paramref name="message"/> once. Never throws for a failed send: the result says what happened.</summary>
    Task<DingTalkSendResult> SendAsync(MarkdownMessage message, CancellationToken cancellationToken);

    /// <summary>How long until the robot's budget allows a send, and any throttle penalty is over (zero: now).</summary>
    TimeSpan WaitBeforeNextSend();

    /// <summary>The text with every secret of this robot removed, for diagnostics.</summary>
    string Redact(string text);

    /// <summary>The robot's <see cref="Diagnostics.DingTalkMetrics.RobotTag"/> value (a group's: its first webhook's), never a secret.</summary>
    string RobotName { get; }
}
