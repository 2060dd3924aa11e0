using System.Reflection;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// The keys <c>Logging:DingTalk</c> may hold: the options' property names (read from the type itself, so the list
/// cannot fall behind it) and <c>LogLevel</c>, the provider's filters. Matched case-insensitively, as configuration is.
/// </summary>
internal static class DingTalkLoggerOptionsKeys
{
    private const string LogLevel = "LogLevel";

    private static readonly string[] Options = typeof(DingTalkLoggerOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.CanWrite)
        .Select(property => property.Name)
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The keys of <c>Logging:DingTalk:Fleet</c> (<see cref="DingTalk.Robot.DingTalkFleetOptions"/>'s properties).</summary>
    public static readonly string[] FleetOptions = typeof(DingTalk.Robot.DingTalkFleetOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.CanWrite)
        .Select(property => property.Name)
        .ToArray();

    /// <summary>Every option's name, for a message.</summary>
    public static IReadOnlyList<string> All => Options;

    public static bool IsKnown(string key)
        => string.Equals(key, LogLevel, StringComparison.OrdinalIgnoreCase)
           || Options.Any(name => string.Equals(name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The known key nearest to <paramref name="key"/> by edit distance, if it is near enough to be a misspelling
    /// (at most half the key's length, and at least 2 edits allowed); otherwise <see langword="null"/>.
    /// </summary>
    public static string? Closest(string key)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in Options.Append(LogLevel))
        {
            var distance = EditDistance(key.ToUpperInvariant(), name.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 2) ? best : null;
    }

    // Levenshtein distance: insertions, deletions and substitutions, one row at a time.
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
