namespace DingTalk.Robot.Fleet;

/// <summary>
/// Whether a robot's budget is kept with the fleet right now, or by this replica alone on its local share (Redis
/// unreachable or slow). The fleet budget of the DingTalk.Robot.Redis package says; the client and the digest senders
/// pass it on, and the digest loop asks when it forms a digest, so that the digest can say so. A local answer: no call.
/// </summary>
internal interface IFleetCoordination
{
    /// <summary>False while the replica keeps to its local share; true otherwise (and when it is not known yet).</summary>
    bool IsCoordinated { get; }
}
