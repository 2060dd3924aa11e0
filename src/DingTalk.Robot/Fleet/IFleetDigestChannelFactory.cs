using DingTalk.Robot.Digest.Relay;

namespace DingTalk.Robot.Fleet;

/// <summary>
/// Makes the channel through which a fleet's replicas make one digest for a robot. Implemented by the DingTalk.Robot.Redis
/// package and found by <see cref="FleetDigestChannels"/>; the core knows no Redis.
/// </summary>
internal interface IFleetDigestChannelFactory
{
    /// <summary>The channel of robot <paramref name="robotId"/> in <paramref name="fleet"/>. Must not block or throw for an unreachable Redis.</summary>
    IFleetDigestChannel Create(string robotId, DingTalkFleetOptions fleet, Action<Digest.Engine.DingTalkDiagnostic>? diagnostics);
}
