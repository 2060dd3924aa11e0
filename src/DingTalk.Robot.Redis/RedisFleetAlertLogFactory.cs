using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Redis;

/// <summary>What the core finds by name for the fleet's alert memory (see <c>FleetAlertLogs</c> in DingTalk.Robot).</summary>
internal sealed class RedisFleetAlertLogFactory : IFleetAlertLogFactory
{
    // The core creates it with Activator.CreateInstance: the constructor must stay public and parameterless.
    public RedisFleetAlertLogFactory()
    {
    }

    public IFleetAlertLog Create(string memoryId, DingTalkFleetOptions fleet, TimeSpan retention, TimeSpan recentFor, Action<DingTalkDiagnostic>? diagnostics)
    {
        var timings = FleetTimings.Current;
        return new FleetRedisAlertLog(
            memoryId, fleet, fleet.ReplicaName, retention, recentFor, FleetConnection.For(fleet.Redis!, timings), timings, TimeProvider.System, diagnostics);
    }
}
