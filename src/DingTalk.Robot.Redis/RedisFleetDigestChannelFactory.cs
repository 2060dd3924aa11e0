using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Relay;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Redis;

/// <summary>Makes the fleet's digest channels; found by the core (<c>FleetDigestChannels</c>) by its type name.</summary>
internal sealed class RedisFleetDigestChannelFactory : IFleetDigestChannelFactory
{
    // The core creates it with Activator.CreateInstance: the constructor must stay public and parameterless.
    public RedisFleetDigestChannelFactory()
    {
    }

    public IFleetDigestChannel Create(string robotId, DingTalkFleetOptions fleet, Action<DingTalkDiagnostic>? diagnostics)
    {
        var timings = FleetTimings.Current;
        return new FleetRedisDigestChannel(robotId, fleet, FleetConnection.For(fleet.Redis!, timings), timings, TimeProvider.System, diagnostics);
    }
}
