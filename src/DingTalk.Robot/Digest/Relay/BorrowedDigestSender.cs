using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Digest.Relay;

/// <summary>
/// The replica's own sender, lent to its fleet engine: one client, one budget and one word about Redis per robot in
/// the process, whichever engine sends. The replica's engine owns it and disposes of it, after the fleet engine stopped.
/// </summary>
internal sealed class BorrowedDigestSender : IDigestSender, IFleetCoordination
{
    private readonly IDigestSender _owner;

    public BorrowedDigestSender(IDigestSender owner) => _owner = owner;

    public string RobotName => _owner.RobotName;

    public bool IsCoordinated => (_owner as IFleetCoordination)?.IsCoordinated ?? true;

    public Task<DingTalkSendResult> SendAsync(MarkdownMessage message, CancellationToken cancellationToken) => _owner.SendAsync(message, cancellationToken);

    public TimeSpan WaitBeforeNextSend() => _owner.WaitBeforeNextSend();

    public string Redact(string text) => _owner.Redact(text);

    // Not this engine's to dispose of.
    public void Dispose()
    {
    }

    public override string ToString() => _owner.ToString() ?? nameof(BorrowedDigestSender);
}
