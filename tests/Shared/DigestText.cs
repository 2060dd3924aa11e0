using System.Globalization;
using System.Text.RegularExpressions;
using DingTalk.Robot.Testing;

namespace DingTalk.Testing.Shared;

/// <summary>
/// Reads the numbers a digest states, as a person would: the per-level counts in its bold summary line, the
/// "… N events dropped: …" notes and the "… previous digest of N events could not be delivered" / "may not have been
/// delivered" notes (also "… 2 more previous digests of N events …"). A counts-only digest words them the same way.
/// Tests add them up to prove that every event is accounted for.
/// <para>
/// Events a full queue refused are either in their template's group — so in the bold line, and in the group's "×N";
/// "… N events counted in their groups without details: queue full" says how many of them, and is not counted again —
/// or, when they could not be attributed to a template, in "… N events dropped: queue full (N errors)". Of the bold
/// line's events, those in "… N more events not grouped …" are in no group.
/// </para>
/// </summary>
internal static class DigestText
{
    private static readonly Regex Number = new(@"\d[\d,]*", RegexOptions.CultureInvariant);
    private static readonly Regex Dropped = new(@"… (\d[\d,]*) events? dropped", RegexOptions.CultureInvariant);
    private static readonly Regex NotGrouped = new(@"… (\d[\d,]*) more events? not grouped", RegexOptions.CultureInvariant);
    private static readonly Regex Uncollected = new(@"… (\d[\d,]*) events? counted in their groups without details", RegexOptions.CultureInvariant);

    // A section's heading or an "Also seen" line: "#### <font …>ERROR</font> ×1,000 · Template" / "- ERROR ×3 · Template · 10:00:00".
    private static readonly Regex GroupLine = new(
        // After "#### " or "- ": the alert memory's glyph (🆕 ↻ …) if any, the level, the count, the template, and on a
        // line the time range with, for a remembered group, its state.
        @"^(?:#### |- )(?:[^\sA-Za-z<]+ )?(?:<font[^>]*>)?[A-Z]+(?:</font>)?(?: ×(\d[\d,]*))? · (.*?)(?: · \d\d:\d\d(?::\d\d)?.*)?$",
        RegexOptions.CultureInvariant | RegexOptions.Multiline);

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

    /// <summary>The events of the bold line that are in no group ("… N more events not grouped (more than 50 distinct messages)").</summary>
    public static int NotGroupedCount(string? text) => NotGrouped.Matches(text ?? string.Empty).Sum(m => Parse(m.Groups[1].Value));

    /// <summary>The events the digest counts in their groups without details, because the queue was full (already in the bold line).</summary>
    public static int UncollectedCount(string? text) => Uncollected.Matches(text ?? string.Empty).Sum(m => Parse(m.Groups[1].Value));

    /// <summary>
    /// The count the digest shows for the group of <paramref name="template"/> (its "×N", 1 without one), as a section or
    /// an "Also seen" line; 0 when the digest shows no such group. The template as the digest writes it.
    /// </summary>
    public static int GroupCount(string? text, string template)
        => GroupLine.Matches(text ?? string.Empty)
            .Where(m => string.Equals(m.Groups[2].Value.TrimEnd(), template, StringComparison.Ordinal))
            .Sum(m => m.Groups[1].Success ? Parse(m.Groups[1].Value) : 1);

    private static int Parse(string digits) => int.Parse(digits.Replace(",", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture);
}
