using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace DingTalk.Robot.Fleet;

/// <summary>
/// Finds the DingTalk.Robot.Redis package's factories by their well-known type names, so that setting
/// <c>Fleet:Redis</c> in appsettings.json is all it takes once the package is installed, and neither front end
/// depends on a Redis client.
/// </summary>
internal static class FleetPackage
{
    private static readonly ConcurrentDictionary<string, object> Factories = new(StringComparer.Ordinal);

    /// <summary>The factory named <paramref name="typeName"/>; throws, saying which package to add, when it is not installed.</summary>
    /// <exception cref="InvalidOperationException">The package is not installed (or a trimmed app lost it).</exception>
    // The one reflection of fleet mode, and deliberately optional: the package may be absent (no DynamicDependency can
    // name an assembly the app does not have). A trimmed or native AOT app that has the package but trimmed the factory
    // away gets the message below, never a crash; fleet mode is not supported there yet (README, Several replicas).
    [UnconditionalSuppressMessage("Trimming", "IL2057", Justification = "An optional package, looked for by name; absent means not installed.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "See above: a missing constructor is reported as not installed.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "See above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "See above.")]
    public static T Load<T>(string typeName)
        where T : class
        => (T)Factories.GetOrAdd(typeName, static name =>
        {
            var type = Type.GetType(name, throwOnError: false);
            if (type is null || type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new InvalidOperationException(
                    "Fleet.Redis is set, but the DingTalk.Robot.Redis package is not installed: add it (dotnet add package DingTalk.Robot.Redis), or leave Fleet.Redis empty for a budget kept by this process alone. (Fleet mode does not support trimmed or native AOT apps yet.)");
            }

            return Activator.CreateInstance(type)!;
        });
}
