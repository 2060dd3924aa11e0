using System.Globalization;
using DingTalk.Robot.Testing;

namespace DingTalk.Testing.Shared.Reliability;

/// <summary>
/// Adds up what the delivered digests say, as the on-call person would: the events each one holds, the events it says
/// were dropped, and the events of earlier digests it says could not be delivered. The proof that nothing was lost
/// silently is that these add up to exactly what the application logged.
/// </summary>
internal static class Ledger
{
    public static long Events(IEnumerable<ReceivedMessage> digests) => digests.Sum(m => (long)DigestText.EventCount(m));

    // A counts-only digest words its notes as a full one does, so DigestText reads both.
    public static long Dropped(IEnumerable<ReceivedMessage> digests) => digests.Sum(m => (long)DigestText.DroppedCount(m));

    /// <summary>Events of earlier digests that could not be, or may not have been, delivered: both count as not delivered here.</summary>
    public static long Undelivered(IEnumerable<ReceivedMessage> digests) => digests.Sum(m => (long)DigestText.UndeliveredCount(m));

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
}
