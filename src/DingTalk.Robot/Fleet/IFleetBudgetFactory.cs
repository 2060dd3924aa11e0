using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Fleet;

/// <summary>
/// Makes a robot's budget that a fleet of replicas shares. Implemented by the DingTalk.Robot.Redis package (which
/// reaches the core's internals, as the front ends do) and found by <see cref="FleetBudgets"/>; the core knows no Redis.
/// </summary>
internal interface IFleetBudgetFactory
{
    /// <summary>The budget described by <paramref name="request"/>. Must not block or throw for an unreachable Redis.</summary>
    IRobotBudget Create(FleetBudgetRequest request);
}
