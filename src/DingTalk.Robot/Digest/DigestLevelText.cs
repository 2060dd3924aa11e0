using System.Globalization;
using System.Text;

namespace DingTalk.Robot.Digest;

/// <summary>
/// The words and colours the digest uses for each level, indexed 0 (Verbose) … 5 (Fatal). Levels outside the enum's
/// range (a cast from a bad configuration value) are clamped, so nothing downstream can index out of bounds.
/// </summary>
internal static class DigestLevelText
{
    /// <summary>The number of distinct levels (Verbose … Fatal).</summary>
    public const int Count = 6;

    /// <summary>The index of Warning: the title lists the levels from here up when there are any.</summary>
    public const int WarningIndex = 3;

    private static readonly string[] Tags = { "VERBOSE", "DEBUG", "INFO", "WARNING", "ERROR", "FATAL" };
    private static readonly string[] Singular = { "verbose", "debug", "info", "warning", "error", "fatal" };
    private static readonly string[] Plural = { "verbose", "debug", "info", "warnings", "errors", "fatal" };

    // Red for what pages someone, orange for warnings; the rest stay in the default colour.
    private static readonly string?[] Colors = { null, null, null, "#FF8C00", "#E53935", "#B71C1C" };

    /// <summary>Maps any <see cref="DigestLevel"/> value, valid or not, to 0 … 5.</summary>
    public static int Index(DigestLevel level)
    {
        var i = (int)level;
        return i < 0 ? 0 : i >= Count ? Count - 1 : i;
    }

    /// <summary>The upper-case word for the level: <c>ERROR</c>.</summary>
    public static string Tag(int index) => Tags[index];

    /// <summary>The colour of the level word, or <see langword="null"/> for none.</summary>
    public static string? Color(int index) => Colors[index];

    /// <summary>The noun for <paramref name="count"/> events of the level: <c>error</c> / <c>errors</c>.</summary>
    public static string Noun(int index, long count) => count == 1 ? Singular[index] : Plural[index];

    /// <summary>Formats a count with thousands separators, culture-independent: <c>9,500</c>.</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><c>3 errors, 12 warnings</c>: the levels in [<paramref name="minIndex"/>, 5] with a non-zero count, worst first; empty when none.</summary>
    public static string Counts(IReadOnlyList<long> counts, int minIndex)
    {
        var sb = new StringBuilder();
        for (var i = Count - 1; i >= minIndex; i--)
        {
            var n = counts[i];
            if (n <= 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(Number(n)).Append(' ').Append(Noun(i, n));
        }

        return sb.ToString();
    }
}
