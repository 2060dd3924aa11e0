namespace DingTalk.Robot.Diagnostics;

/// <summary>
/// How one robot's digests fare, as the last attempt left it: what a health check reports. Written by the engine's
/// sender after each attempt (<see cref="Digest.Engine.RobotDigestSender"/>), read by any thread.
/// </summary>
internal sealed class RobotHealth
{
    private Snapshot _current;

    public RobotHealth(string robot, DateTimeOffset now) => _current = new Snapshot(robot, RobotHealthState.Healthy, "no digest sent yet", now);

    public Snapshot Current => Volatile.Read(ref _current);

    public void Record(RobotHealthState state, string reason, DateTimeOffset now)
        => Volatile.Write(ref _current, new Snapshot(_current.Robot, state, reason, now));

    /// <summary>One robot's state, its reason (redacted, for a person) and since when.</summary>
    internal sealed class Snapshot
    {
        public Snapshot(string robot, RobotHealthState state, string reason, DateTimeOffset since)
        {
            Robot = robot;
            State = state;
            Reason = reason;
            Since = since;
        }

        public string Robot { get; }

        public RobotHealthState State { get; }

        public string Reason { get; }

        public DateTimeOffset Since { get; }
    }
}

/// <summary>A robot's state, in the order a health check ranks them.</summary>
internal enum RobotHealthState
{
    /// <summary>The last digest was accepted (or none was sent yet).</summary>
    Healthy,

    /// <summary>Throttled, or retrying after a passing failure: digests are late, not lost.</summary>
    Degraded,

    /// <summary>Refused for good (a wrong secret, a deleted robot): nothing is delivered until the configuration is fixed.</summary>
    Refused,
}
