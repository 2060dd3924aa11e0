using System.Security.Cryptography;
using System.Text;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Fleet;

/// <summary>
/// Chooses a client's budget: the fleet's (from the DingTalk.Robot.Redis package) when <see cref="DingTalkFleetOptions.Redis"/>
/// is set, else the one this process keeps (<see cref="RobotBudgetRegistry"/>). The Redis package is found by one
/// well-known type name, so that setting <c>Fleet:Redis</c> in appsettings.json is all it takes once the package is
/// installed, and neither front end depends on a Redis client.
/// </summary>
internal static class FleetBudgets
{
    // Not a constant: the trimmer would try to resolve a constant name in an app without the package.
    private static readonly string FactoryName = "DingTalk.Robot.Redis.RedisFleetBudgetFactory, DingTalk.Robot.Redis";

    /// <summary>
    /// The factory in the DingTalk.Robot.Redis package; throws, saying which package to add, when it is not installed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The package is not installed (or a trimmed app lost it).</exception>
    public static IFleetBudgetFactory GetFactory() => FleetPackage.Load<IFleetBudgetFactory>(FactoryName);

    /// <summary>The budget a client of <paramref name="webhook"/> keeps to.</summary>
    public static IRobotBudget For(
        DingTalkWebhook webhook,
        DingTalkRobotOptions options,
        TimeProvider time,
        Action<DingTalkDiagnostic>? diagnostics)
    {
        if (options.Fleet is not { IsEnabled: true } fleet)
        {
            return RobotBudgetRegistry.GetOrCreate(webhook, options.MessagesPerMinute, time);
        }

        var share = Math.Max(1, options.MessagesPerMinute / fleet.ExpectedReplicas);
        var request = new FleetBudgetRequest(
            RobotId(webhook),
            webhook.Host,
            options.MessagesPerMinute,
            fleet,
            time,
            RobotBudgetRegistry.GetOrCreateFallback(webhook, share, time),
            diagnostics);
        return GetFactory().Create(request);
    }

    /// <summary>A hex SHA-256 of host, port and access_token: the same robot gets the same id everywhere, and the token stays secret.</summary>
    internal static string RobotId(DingTalkWebhook webhook)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(webhook.Authority + "\n" + webhook.AccessToken));
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }
}
