using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Fleet;

/// <summary>What a fleet budget is made of: which robot (by a hash, never its token), its limit, and the local parts.</summary>
internal sealed class FleetBudgetRequest
{
    public FleetBudgetRequest(
        string robotId,
        string robotHost,
        int messagesPerMinute,
        DingTalkFleetOptions fleet,
        TimeProvider time,
        IRobotBudget localFallback,
        Action<DingTalkDiagnostic>? diagnostics)
    {
        RobotId = robotId;
        RobotHost = robotHost;
        MessagesPerMinute = messagesPerMinute;
        Fleet = fleet;
        Time = time;
        LocalFallback = localFallback;
        Diagnostics = diagnostics;
    }

    /// <summary>
    /// The robot's id in Redis: a hex SHA-256 of the webhook's host, port and access_token. The same robot gets the same
    /// id on every replica; the token cannot be read back from it.
    /// </summary>
    public string RobotId { get; }

    /// <summary>The robot's host, for diagnostics.</summary>
    public string RobotHost { get; }

    /// <summary>The most posts in any rolling minute, for the whole fleet.</summary>
    public int MessagesPerMinute { get; }

    /// <summary>The fleet's settings (validated; the connection string is a secret).</summary>
    public DingTalkFleetOptions Fleet { get; }

    /// <summary>The client's clock: for waiting and for local durations only, never for the fleet's window.</summary>
    public TimeProvider Time { get; }

    /// <summary>The budget this replica keeps to while Redis cannot be reached: the robot's limit divided by the expected replicas.</summary>
    public IRobotBudget LocalFallback { get; }

    /// <summary>Where to say that coordination was lost or restored; <see langword="null"/> for nowhere. May throw: callers catch.</summary>
    public Action<DingTalkDiagnostic>? Diagnostics { get; }
}
