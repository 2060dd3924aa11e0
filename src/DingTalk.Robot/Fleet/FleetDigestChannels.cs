using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Relay;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Fleet;

/// <summary>
/// Chooses an engine's fleet digest channel: the DingTalk.Robot.Redis package's in fleet mode (unless
/// <see cref="DingTalkFleetOptions.OneDigest"/> is off), else none (each replica sends its own digests).
/// </summary>
internal static class FleetDigestChannels
{
    // Not a constant: the trimmer would try to resolve a constant name in an app without the package.
    private static readonly string FactoryName = "DingTalk.Robot.Redis.RedisFleetDigestChannelFactory, DingTalk.Robot.Redis";

    /// <summary>The channel for an engine of <paramref name="options"/>, or <see langword="null"/>.</summary>
    public static IFleetDigestChannel? For(DingTalkDigestOptions options, Action<DingTalkDiagnostic>? diagnostics)
    {
        if (options.Fleet is not { IsEnabled: true, OneDigest: true } fleet)
        {
            return null;
        }

        // The digest belongs to the robot it goes to (the first webhook of a rotating group) within the fleet.
        var robotId = FleetBudgets.RobotId(DingTalkWebhook.Parse(options.WebhookUrl));
        return FleetPackage.Load<IFleetDigestChannelFactory>(FactoryName).Create(robotId, fleet, diagnostics);
    }
}
