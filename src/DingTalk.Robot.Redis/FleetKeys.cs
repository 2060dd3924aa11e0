namespace DingTalk.Robot.Redis;

/// <summary>
/// The Redis keys of fleet mode. A robot's keys share one hash tag (<c>{…}</c>), so that the scripts that touch several
/// of them also run on Redis Cluster; the robot is named by a hash of its webhook, never by its token.
/// </summary>
internal static class FleetKeys
{
    private const string Prefix = "dingtalk:";

    /// <summary>The sorted set of the posts granted in the current window (score: Redis time in µs).</summary>
    public static string Sent(string robotId) => Prefix + "robot:{" + robotId + "}:sent";

    /// <summary>Present (with a TTL) while DingTalk throttles the robot.</summary>
    public static string Throttle(string robotId) => Prefix + "robot:{" + robotId + "}:throttle";

    /// <summary>
    /// What the fleet knows of one alert fingerprint (a hash with a TTL). The memory's keys share one hash tag, so one
    /// script can read and write a digest's worth of them, on Redis Cluster too.
    /// </summary>
    public static string Alert(string memoryId, string fingerprint) => Prefix + "alerts:{" + memoryId + "}:" + fingerprint;

    /// <summary>The replicas that saw one alert fingerprint, by when (a sorted set, with the same TTL as the fingerprint's hash).</summary>
    public static string AlertReplicas(string memoryId, string fingerprint) => Alert(memoryId, fingerprint) + ":replicas";

    /// <summary>The stream of the replicas' deltas for the fleet's one digest to a robot (<c>digestId</c>: fleet name and robot id).</summary>
    public static string DigestDeltas(string digestId) => Prefix + "digest:{" + digestId + "}:deltas";

    /// <summary>The last delta a holder took: each delta is taken once.</summary>
    public static string DigestCursor(string digestId) => Prefix + "digest:{" + digestId + "}:cursor";

    /// <summary>The fleet's sender lease for the robot: the token of the replica that sends the fleet's digest.</summary>
    public static string DigestLease(string digestId) => Prefix + "digest:{" + digestId + "}:lease";

    /// <summary>What the last holder held untold ("token|events"): the next holder counts it if the holder vanished.</summary>
    public static string DigestHeld(string digestId) => Prefix + "digest:{" + digestId + "}:held";
}
