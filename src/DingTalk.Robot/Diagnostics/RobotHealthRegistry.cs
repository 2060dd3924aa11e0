using System.Collections.Concurrent;

namespace DingTalk.Robot.Diagnostics;

/// <summary>
/// The robots of every digest engine alive in the process, for a health check to read: an engine's sender registers
/// its robot when it is created and removes it when it is disposed (a configuration reload replaces it).
/// </summary>
internal static class RobotHealthRegistry
{
    private static readonly ConcurrentDictionary<RobotHealth, byte> Live = new();

    public static RobotHealth Register(string robot, DateTimeOffset now)
    {
        var health = new RobotHealth(robot, now);
        Live.TryAdd(health, 0);
        return health;
    }

    public static void Unregister(RobotHealth health) => Live.TryRemove(health, out _);

    /// <summary>Every live robot's state, by name.</summary>
    public static IReadOnlyList<RobotHealth.Snapshot> Snapshot()
        => Live.Keys.Select(health => health.Current).OrderBy(s => s.Robot, StringComparer.Ordinal).ToList();
}
