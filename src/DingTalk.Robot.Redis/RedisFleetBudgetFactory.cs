using DingTalk.Robot.Fleet;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Redis;

/// <summary>
/// What the core finds by name when <c>Fleet:Redis</c> is set (see <c>FleetBudgets</c> in DingTalk.Robot): installing
/// this package and setting the connection string is all a front end needs, so neither the Serilog sink nor the MEL
/// provider depends on StackExchange.Redis.
/// </summary>
internal sealed class RedisFleetBudgetFactory : IFleetBudgetFactory
{
    // The core creates it with Activator.CreateInstance: the constructor must stay public and parameterless.
    public RedisFleetBudgetFactory()
    {
    }

    public IRobotBudget Create(FleetBudgetRequest request)
    {
        var timings = FleetTimings.Current;
        return new FleetRedisBudget(request, FleetConnection.For(request.Fleet.Redis!, timings), timings);
    }
}
