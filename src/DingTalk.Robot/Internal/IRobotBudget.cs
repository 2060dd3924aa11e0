namespace DingTalk.Robot.Internal;

/// <summary>
/// The sending budget of one robot as the client sees it: wait for a permit before each post, learn of a throttle,
/// and say how long the next post would wait. <see cref="RobotBudget"/> keeps it in this process; the
/// DingTalk.Robot.Redis package keeps it for a whole fleet of replicas (see <see cref="Fleet.FleetBudgets"/>).
/// </summary>
internal interface IRobotBudget
{
    /// <summary>Waits until a post is allowed and takes the permit (or returns early when the robot is throttled).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    Task<RobotPermit> AcquireAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The post that used <paramref name="permit"/> has ended (answered, failed or abandoned). A budget that measures its
    /// window by another clock than DingTalk's (the fleet's, in Redis) restarts the permit's time here: DingTalk counted
    /// the post when it arrived, which may be well after the permit was granted (a cold connection, a paused process).
    /// </summary>
    void Posted(RobotPermit permit);

    /// <summary>Records that DingTalk throttled the robot: nothing is posted to it for <paramref name="penalty"/>.</summary>
    void Throttle(TimeSpan penalty);

    /// <summary>How long the robot stays throttled, or <see cref="TimeSpan.Zero"/> when it is not.</summary>
    TimeSpan GetRemainingThrottle();

    /// <summary>Zero when a post is allowed now; otherwise the best estimate of how long until one is.</summary>
    TimeSpan GetWaitBeforeNextSend();
}
