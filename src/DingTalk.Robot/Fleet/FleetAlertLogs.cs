using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Fleet;

/// <summary>
/// Chooses an engine's alert log: the fleet's (from the DingTalk.Robot.Redis package) in fleet mode with alert memory on,
/// else none (the memory is this process's alone).
/// </summary>
internal static class FleetAlertLogs
{
    // Not a constant: the trimmer would try to resolve a constant name in an app without the package.
    private static readonly string FactoryName = "DingTalk.Robot.Redis.RedisFleetAlertLogFactory, DingTalk.Robot.Redis";

    // A day at least: a fingerprint the fleet told yesterday is still not new this morning; longer when repeats are rarer.
    private static readonly TimeSpan MinimumRetention = TimeSpan.FromDays(1);

    /// <summary>The log for an engine of <paramref name="options"/>, or <see langword="null"/> outside fleet mode.</summary>
    public static IFleetAlertLog? For(DingTalkDigestOptions options, Action<DingTalkDiagnostic>? diagnostics)
    {
        if (!options.RememberAlerts || options.Fleet is not { IsEnabled: true } fleet)
        {
            return null;
        }

        // The memory belongs to the robot it tells (the first webhook of a rotating group) within the fleet.
        var memoryId = (fleet.Name ?? string.Empty) + ":" + FleetBudgets.RobotId(DingTalkWebhook.Parse(options.WebhookUrl));
        var retention = options.RepeatInterval + options.RepeatInterval > MinimumRetention ? options.RepeatInterval + options.RepeatInterval : MinimumRetention;
        return FleetPackage.Load<IFleetAlertLogFactory>(FactoryName).Create(memoryId, fleet, retention, options.QuietAfter, diagnostics);
    }
}
