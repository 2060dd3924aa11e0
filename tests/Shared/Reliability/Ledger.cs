using System.Globalization;
using System.Text.RegularExpressions;
using DingTalk.Robot.Testing;

namespace DingTalk.Testing.Shared.Reliability;

/// <summary>
/// Adds up what the delivered digests say, as the on-call person would: the events each one holds, the events it says
/// were dropped, and the events of earlier digests it says could not be delivered. The proof that nothing was lost
/// silently is that these add up to exactly what the application logged.
/// </summary>
internal static class Ledger
{
    // The forms DigestText does not read: more than three undelivered digests in one batch, and the counts-only fallback.
    private static readonly Regex MoreUndelivered = new(@"more previous digests? \((\d[\d,]*) events?\) could not be delivered", RegexOptions.CultureInvariant);
    private static readonly Regex FallbackUndelivered = new(@"previous digest\(s\) of (\d[\d,]*) events could not be delivered", RegexOptions.CultureInvariant);
    private static readonly Regex FallbackDropped = new(@"… (\d[\d,]*) dropped: queue full", RegexOptions.CultureInvariant);

    public static long Events(IEnumerable<ReceivedMessage> digests) => digests.Sum(m => (long)DigestText.EventCount(m));

    public static long Dropped(IEnumerable<ReceivedMessage> digests)
        => digests.Sum(m => (long)DigestText.DroppedCount(m) + Sum(FallbackDropped, m));

    public static long Undelivered(IEnumerable<ReceivedMessage> digests)
        => digests.Sum(m => (long)DigestText.UndeliveredCount(m) + Sum(MoreUndelivered, m) + Sum(FallbackUndelivered, m));

    /// <summary>Every event the digests account for: held, dropped, or in a digest that could not be delivered.</summary>
    public static long Accounted(IEnumerable<ReceivedMessage> digests)
    {
        var list = digests.ToList();
        return Events(list) + Dropped(list) + Undelivered(list);
    }

    /// <summary>One line per digest with its three numbers, for assertion messages.</summary>
    public static string Describe(IEnumerable<ReceivedMessage> digests)
        => string.Join(
            "\n",
            digests.Select((m, i) => string.Create(
                CultureInfo.InvariantCulture,
                $"#{i} at {m.ReceivedAt:HH:mm:ss}: events {DigestText.EventCount(m)}, dropped {Dropped([m])}, undelivered {Undelivered([m])} — {m.Title}")));

    private static long Sum(Regex pattern, ReceivedMessage message)
        => pattern.Matches(message.Text ?? string.Empty)
            .Sum(m => long.Parse(m.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture));
}
