using System.Runtime.CompilerServices;

namespace DingTalk.Robot.Internal;

/// <summary>
/// One <see cref="RobotBudget"/> per robot per clock in the process. DingTalk counts posts per robot, not per client,
/// so two sinks (or a sink and a direct client) writing to the same webhook must share one budget. Budgets are keyed
/// by host and access_token (the key is never shown) and, through a weak table, by the <see cref="TimeProvider"/>, so
/// that tests with their own fake clocks don't share budgets and a budget goes away with its clock.
/// </summary>
internal static class RobotBudgetRegistry
{
    private static readonly ConditionalWeakTable<TimeProvider, Dictionary<string, RobotBudget>> BudgetsByClock = new();

    /// <summary>
    /// The budget of the robot at <paramref name="webhook"/>. The first client of a robot sets its
    /// <paramref name="messagesPerMinute"/>; later clients share that budget.
    /// </summary>
    public static RobotBudget GetOrCreate(DingTalkWebhook webhook, int messagesPerMinute, TimeProvider timeProvider)
        => GetOrCreate(webhook.Authority + "\n" + webhook.AccessToken, messagesPerMinute, timeProvider);

    /// <summary>
    /// The budget this process keeps to for <paramref name="webhook"/> while its fleet's Redis cannot be reached: this
    /// replica's share of the robot's limit. Kept apart from <see cref="GetOrCreate(DingTalkWebhook, int, TimeProvider)"/>'s,
    /// which has the robot's whole limit.
    /// </summary>
    public static RobotBudget GetOrCreateFallback(DingTalkWebhook webhook, int share, TimeProvider timeProvider)
        => GetOrCreate(webhook.Authority + "\n" + webhook.AccessToken + "\nfleet fallback", share, timeProvider);

    private static RobotBudget GetOrCreate(string key, int messagesPerMinute, TimeProvider timeProvider)
    {
        var budgets = BudgetsByClock.GetValue(timeProvider, static _ => new Dictionary<string, RobotBudget>(StringComparer.Ordinal));

        // A lock rather than ConcurrentDictionary.GetOrAdd, whose factory can run twice and so start a second timer.
        // Clients are created rarely; this is not a hot path.
        lock (budgets)
        {
            if (!budgets.TryGetValue(key, out var budget))
            {
                budget = new RobotBudget(messagesPerMinute, timeProvider);
                budgets.Add(key, budget);
            }

            return budget;
        }
    }
}
