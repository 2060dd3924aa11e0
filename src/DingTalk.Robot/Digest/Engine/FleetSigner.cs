using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Signs the digests of a replica in fleet mode (<see cref="FleetSignature"/>): its name, and whether its sender's
/// budget is coordinated with the fleet now. A sender that cannot tell (no <see cref="IFleetCoordination"/>) counts as
/// coordinated. Asked on the digest loop only, when a digest is formed.
/// </summary>
internal sealed class FleetSigner
{
    private readonly string _replica;
    private readonly IFleetCoordination? _coordination;

    public FleetSigner(string replica, IFleetCoordination? coordination)
    {
        _replica = replica;
        _coordination = coordination;
    }

    /// <summary>The signer for an engine's options and sender, or <see langword="null"/> when fleet mode is off.</summary>
    public static FleetSigner? For(DingTalkDigestOptions options, IDigestSender sender)
        => options.Fleet is { IsEnabled: true } fleet ? new FleetSigner(fleet.ReplicaName, sender as IFleetCoordination) : null;

    /// <summary>The signature of a digest formed now.</summary>
    public FleetSignature Sign() => new(_replica, _coordination?.IsCoordinated ?? true);
}
