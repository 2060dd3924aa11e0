using System.Globalization;
using System.Text.RegularExpressions;
using DingTalk.Robot.Testing;

namespace DingTalk.Testing.Shared;

/// <summary>
/// Reads the numbers a digest states, as a person would: the per-level counts in its bold summary line, the
/// "… N events dropped" and "… previous digest of N events could not be delivered" notes. Tests add them up to
/// prove that every event is accounted for.
/// </summary>
internal static class DigestText
{
    private static readonly Regex Number = new(@"\d[\d,]*", RegexOptions.CultureInvariant);
    private static readonly Regex Dropped = new(@"… (\d[\d,]*) events? dropped", RegexOptions.CultureInvariant);
    private static readonly Regex Undelivered = new(@"previous digest of (\d[\d,]*) events? could not be delivered", RegexOptions.CultureInvariant);

    /// <summary>The events the digest holds: the sum of its per-level counts.</summary>
    public static int EventCount(ReceivedMessage message)
    {
        foreach (var line in (message.Text ?? string.Empty).Split('\n'))
        {
            if (line.StartsWith("**", StringComparison.Ordinal))
            {
                return Number.Matches(line).Sum(m => Parse(m.Value));
            }
        }

        return 0;
    }

    /// <summary>The events the digest says were dropped because the queue was full.</summary>
    public static int DroppedCount(ReceivedMessage message)
        => Dropped.Matches(message.Text ?? string.Empty).Sum(m => Parse(m.Groups[1].Value));

    /// <summary>The events of earlier digests the digest says could not be delivered.</summary>
    public static int UndeliveredCount(ReceivedMessage message)
        => Undelivered.Matches(message.Text ?? string.Empty).Sum(m => Parse(m.Groups[1].Value));

    private static int Parse(string digits) => int.Parse(digits.Replace(",", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
