using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Fleet;

/// <summary>
/// Makes the fleet's shared alert log (<see cref="IFleetAlertLog"/>). Implemented by the DingTalk.Robot.Redis package
/// and found by <see cref="FleetAlertLogs"/>; the core knows no Redis.
/// </summary>
internal interface IFleetAlertLogFactory
{
    /// <summary>The log of the memory named <paramref name="memoryId"/>. Must not block or throw for an unreachable Redis.</summary>
    /// <param name="memoryId">Whose memory: the fleet's name and the robot's id (a hash, never the token).</param>
    /// <param name="fleet">The fleet options (the connection string is a secret).</param>
    /// <param name="retention">How long a fingerprint nobody sees or tells is kept.</param>
    /// <param name="recentFor">How long a replica's sighting counts toward "on N replicas" (the memory's QuietAfter).</param>
    /// <param name="diagnostics">Where to say that Redis stopped or started answering.</param>
    IFleetAlertLog Create(string memoryId, DingTalkFleetOptions fleet, TimeSpan retention, TimeSpan recentFor, Action<Digest.Engine.DingTalkDiagnostic>? diagnostics);
}
