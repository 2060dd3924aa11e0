using System.Diagnostics.CodeAnalysis;
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

    private static readonly object FactoryLock = new();
    private static IFleetBudgetFactory? _factory;

    /// <summary>
    /// The factory in the DingTalk.Robot.Redis package; throws, saying which package to add, when it is not installed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The package is not installed (or a trimmed app lost it).</exception>
    // The one reflection of fleet mode, and deliberately optional: the package may be absent (no DynamicDependency can
    // name an assembly the app does not have). A trimmed or native AOT app that has the package but trimmed the factory
    // away gets the message below, never a crash; fleet mode is not supported there yet (README, Several replicas).
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "An optional package, looked for by name; absent means not installed.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "See above: a missing constructor is reported as not installed.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "See above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "See above.")]
    public static IFleetBudgetFactory GetFactory()
    {
        lock (FactoryLock)
        {
            if (_factory is null)
            {
                var type = Type.GetType(FactoryName, throwOnError: false);
                if (type is null || type.GetConstructor(Type.EmptyTypes) is null)
                {
                    throw new InvalidOperationException(
                        "Fleet.Redis is set, but the DingTalk.Robot.Redis package is not installed: add it (dotnet add package DingTalk.Robot.Redis), or leave Fleet.Redis empty for a budget kept by this process alone. (Fleet mode does not support trimmed or native AOT apps yet.)");
                }

                _factory = (IFleetBudgetFactory)Activator.CreateInstance(type)!;
            }

            return _factory;
        }
    }

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
