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

    /// <summary>
    /// The events the digests count in their template's group — queued, or refused by a full queue and counted there
    /// without details: the bold lines' events less those "not grouped". The rest are counted per level only.
    /// </summary>
    public static long Attributed(IEnumerable<ReceivedMessage> digests)
        => digests.Sum(m => (long)DigestText.EventCount(m) - DigestText.NotGroupedCount(m.Text));

    /// <summary>Of <see cref="Events"/>, those a full queue refused that are counted in their groups without details.</summary>
    public static long Uncollected(IEnumerable<ReceivedMessage> digests) => digests.Sum(m => (long)DigestText.UncollectedCount(m.Text));

    /// <summary>The count the digests show for <paramref name="template"/>'s group, added up.</summary>
    public static long GroupCount(IEnumerable<ReceivedMessage> digests, string template)
        => digests.Sum(m => (long)DigestText.GroupCount(m.Text, template));

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
                $"#{i} at {m.ReceivedAt:HH:mm:ss}: events {DigestText.EventCount(m)} (of which without details {DigestText.UncollectedCount(m.Text)}), dropped {Dropped([m])}, undelivered {Undelivered([m])} — {m.Title}")));
}
