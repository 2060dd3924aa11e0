using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// A digest that was formed and not yet delivered. It keeps its text and its msgUuid for every retry: new events go
/// into the next digest instead. (Whether DingTalk de-duplicates by msgUuid is not documented, so a retry after an
/// attempt that got no answer is marked as re-sent, for a person to recognise a duplicate.)
/// </summary>
internal sealed class PendingDigest
{
    public PendingDigest(FormattedDigest digest, long carriedUndelivered, string? carriedReason, DigestStory? story)
    {
        Digest = digest;
        CarriedUndelivered = carriedUndelivered;
        CarriedReason = carriedReason;
        Story = story;
    }

    /// <summary>What the digest tells across digests: the alert memory records it when the digest is accepted.</summary>
    public DigestStory? Story { get; }

    public FormattedDigest Digest { get; }

    public long EventCount => Digest.EventCount;

    /// <summary>The queue drops this digest reports.</summary>
    public long CarriedDropped => Digest.Dropped;

    /// <summary>
    /// The events of earlier, given-up digests that this digest reports as undelivered: carried on to the next digest
    /// if this one is given up too, so that no event ever leaves the count.
    /// </summary>
    public long CarriedUndelivered { get; }

    /// <summary>Why the last of those earlier digests was not delivered, for a stop that cannot send this one either.</summary>
    public string? CarriedReason { get; }

    /// <summary>Every event this digest accounts for, settled when it is delivered.</summary>
    public long Accounts => EventCount + CarriedDropped + CarriedUndelivered;

    /// <summary>The last failure, redacted, for the "could not be delivered" note.</summary>
    public string? LastFailure { get; set; }

    /// <summary>An attempt got no answer: it may have been delivered.</summary>
    public bool OutcomeUnknown { get; set; }

    /// <summary>What the next attempt sends: the same digest, marked as re-sent after an attempt whose outcome is unknown.</summary>
    public MarkdownMessage MessageForAttempt => OutcomeUnknown ? Digest.WithResentMark().Message : Digest.Message;
}
