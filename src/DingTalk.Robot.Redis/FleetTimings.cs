namespace DingTalk.Robot.Redis;

/// <summary>
/// How long the fleet's budget waits for Redis and how long its window is. The defaults are production's; tests (and
/// the fleet test's replica processes) shorten them, which is why this is internal and not an option.
/// </summary>
internal sealed class FleetTimings
{
    /// <summary>Production's: a 61-second window like <c>RobotBudget.Window</c>, half a second per Redis call.</summary>
    public static readonly FleetTimings Default = new();

    /// <summary>
    /// How long a permit stays used: DingTalk's minute plus a second, as in the in-process budget (<c>RobotBudget.Window</c>),
    /// for the jitter between Redis granting a permit and DingTalk counting the post.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(61);

    /// <summary>The longest one Redis call may take before the replica goes on alone (never on the logging thread).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the first connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After a failed call, how long the replica keeps to its local share before it asks Redis again.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the fleet's sender lease lasts unless renewed: a holder that is killed is replaced within it.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most deltas the fleet holds untaken (minutes of a large fleet with no holder): past it, replicas send their own
    /// digests instead of filling Redis.
    /// </summary>
    public int MaxBacklog { get; set; } = 1_000;

    /// <summary>How often each replica asks for the lease, and the holder renews it and takes the deltas.</summary>
    public TimeSpan TakeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The timings every new fleet budget in this process uses. Only tests and the fleet test's replica processes change
    /// it (a shortened minute); production never does.
    /// </summary>
    public static FleetTimings Current { get; set; } = Default;
}
