using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Fleet;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>
/// Builds fleet budgets as separate replicas would have them: each with a connection of its own, its own clock and its
/// own local share, all keeping the budget of one robot (a fresh random id per test, so tests sharing a Redis never meet).
/// </summary>
internal static class TestFleet
{
    public static string NewRobotId() => Guid.NewGuid().ToString("N");

    public static FleetRedisBudget Replica(
        string redis,
        string robotId,
        int messagesPerMinute,
        FleetTimings timings,
        TimeProvider? time = null,
        Action<DingTalkDiagnostic>? diagnostics = null,
        int expectedReplicas = 10)
    {
        var clock = time ?? TimeProvider.System;
        var fleet = new DingTalkFleetOptions { Redis = redis, Name = "tests", ExpectedReplicas = expectedReplicas };
        var share = Math.Max(1, messagesPerMinute / expectedReplicas);
        var request = new FleetBudgetRequest(robotId, "127.0.0.1", messagesPerMinute, fleet, clock, new RobotBudget(share, clock), diagnostics);
        return new FleetRedisBudget(request, FleetConnection.Private(redis, timings), timings);
    }

    /// <summary>The most instants (µs) in any window of <paramref name="window"/>: an instant exactly one window old no longer counts.</summary>
    public static int MaxInAnyWindow(IEnumerable<long> microseconds, TimeSpan window)
    {
        var sorted = microseconds.Order().ToArray();
        var length = window.Ticks / 10;
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= length)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}
