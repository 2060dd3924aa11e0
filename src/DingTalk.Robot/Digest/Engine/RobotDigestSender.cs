namespace DingTalk.Robot.Digest.Engine;

/// <summary>Sends digests with the robot client: signing, the budget shared by every sender to the same robot, errcodes.</summary>
internal sealed class RobotDigestSender : IDigestSender
{
    private readonly DingTalkRobotClient _client;

    public RobotDigestSender(DingTalkRobotClient client) => _client = client;

    // One attempt: the loop retries with its own backoff, folding new events meanwhile.
    public Task<DingTalkSendResult> SendAsync(MarkdownMessage message, CancellationToken cancellationToken)
        => _client.SendAsync(message, TimeSpan.Zero, cancellationToken);

    public TimeSpan WaitBeforeNextSend() => _client.GetWaitBeforeNextSend();

    public string Redact(string text) => _client.Redact(text);

    public void Dispose() => _client.Dispose();

    // Only the host: Serilog's and the engine's own diagnostics include it.
    public override string ToString() => _client.ToString();
}
