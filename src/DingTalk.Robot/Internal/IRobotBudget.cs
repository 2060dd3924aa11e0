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
    Task AcquireAsync(CancellationToken cancellationToken);

    /// <summary>Records that DingTalk throttled the robot: nothing is posted to it for <paramref name="penalty"/>.</summary>
    void Throttle(TimeSpan penalty);

    /// <summary>How long the robot stays throttled, or <see cref="TimeSpan.Zero"/> when it is not.</summary>
    TimeSpan GetRemainingThrottle();

    /// <summary>Zero when a post is allowed now; otherwise the best estimate of how long until one is.</summary>
    TimeSpan GetWaitBeforeNextSend();
}
