using System.Globalization;
using System.Text.RegularExpressions;
using DingTalk.Robot.Testing;

namespace DingTalk.Testing.Shared;

/// <summary>
/// Reads the numbers a digest states, as a person would: the per-level counts in its bold summary line, the
/// "… N events dropped: …" notes and the "… previous digest of N events could not be delivered" / "may not have been
/// delivered" notes (also "… 2 more previous digests of N events …"). A counts-only digest words them the same way.
/// Tests add them up to prove that every event is accounted for.
/// </summary>
internal static class DigestText
{
    private static readonly Regex Number = new(@"\d[\d,]*", RegexOptions.CultureInvariant);
    private static readonly Regex Dropped = new(@"… (\d[\d,]*) events? dropped", RegexOptions.CultureInvariant);
    private static readonly Regex Undelivered = new(@"previous digests? of (\d[\d,]*) events? (?:could not be|may not have been) delivered", RegexOptions.CultureInvariant);

    /// <summary>The events the digest holds: the sum of its per-level counts.</summary>
    public static int EventCount(ReceivedMessage message) => EventCount(message.Text);

    /// <summary>The events a digest's markdown holds: the sum of the per-level counts in its first bold line.</summary>
    public static int EventCount(string? text)
    {
        foreach (var line in (text ?? string.Empty).Split('\n'))
        {
            if (line.StartsWith("**", StringComparison.Ordinal))
            {
                return Number.Matches(line).Sum(m => Parse(m.Value));
            }
        }

        return 0;
    }

    /// <summary>The events the digest says were dropped (the queue was full, or the logger was closing).</summary>
    public static int DroppedCount(ReceivedMessage message) => DroppedCount(message.Text);

    /// <summary>The events a digest's markdown says were dropped.</summary>
    public static int DroppedCount(string? text) => Dropped.Matches(text ?? string.Empty).Sum(m => Parse(m.Groups[1].Value));

    /// <summary>The events of earlier digests the digest says could not be, or may not have been, delivered.</summary>
    public static int UndeliveredCount(ReceivedMessage message) => UndeliveredCount(message.Text);

    /// <summary>The events of earlier digests a digest's markdown says could not be, or may not have been, delivered.</summary>
    public static int UndeliveredCount(string? text) => Undelivered.Matches(text ?? string.Empty).Sum(m => Parse(m.Groups[1].Value));

    private static int Parse(string digits) => int.Parse(digits.Replace(",", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
