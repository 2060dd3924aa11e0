using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Serialization;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>A digest ready to send, what it shows and leaves out, and how to mark it when it is sent again.</summary>
internal sealed class FormattedDigest
{
    private readonly ResentMarkPositions _marks;

    public FormattedDigest(
        MarkdownMessage message,
        int bodyBytes,
        DigestSummary summary,
        int eventsShown,
        int groupsShown,
        bool isFallback,
        ResentMarkPositions marks,
        bool isResent = false)
    {
        Message = message;
        BodyBytes = bodyBytes;
        Summary = summary;
        EventsShown = eventsShown;
        GroupsShown = groupsShown;
        IsFallback = isFallback;
        IsResent = isResent;
        _marks = marks;
    }

    /// <summary>The message, with <see cref="DingTalkMessage.At"/> and <see cref="DingTalkMessage.MsgUuid"/> set.</summary>
    public MarkdownMessage Message { get; }

    /// <summary>The size of the JSON body as DingTalk will receive it, in bytes.</summary>
    public int BodyBytes { get; }

    /// <summary>The numbers the digest reports: events, drops (by reason), undelivered digests.</summary>
    public DigestSummary Summary { get; }

    /// <summary>The events in the batch.</summary>
    public long EventCount => Summary.EventCount;

    /// <summary>The example events shown individually.</summary>
    public int EventsShown { get; }

    /// <summary>The groups shown (with their heading, at least).</summary>
    public int GroupsShown { get; }

    /// <summary>The events not shown individually: <see cref="EventCount"/> − <see cref="EventsShown"/>.</summary>
    public long EventsNotShown => EventCount - EventsShown;

    /// <summary>The dropped events reported, whatever the reason (<see cref="Summary"/> has them by reason).</summary>
    public long Dropped => Summary.Dropped;

    /// <summary>Whether a counts-only digest was made instead of the full one.</summary>
    public bool IsFallback { get; }

    /// <summary>Whether this is the re-sent form (<see cref="WithResentMark"/>).</summary>
    public bool IsResent { get; }

    /// <summary>
    /// The same digest — same msgUuid, same mentions, same content — with <c>(re-sent)</c> after the names in its
    /// title and heading, for an attempt after one whose outcome is unknown: if DingTalk did post the first, the
    /// duplicate says what it is. Its room is kept in every digest's size budget, so it always fits. Idempotent.
    /// </summary>
    public FormattedDigest WithResentMark()
    {
        if (IsResent)
        {
            return this;
        }

        var mark = DigestWording.ResentMark;
        var title = Message.Title.Insert(Math.Min(_marks.Title, Message.Title.Length), mark);
        var text = Message.Text.Insert(Math.Min(_marks.Text, Message.Text.Length), mark);
        var message = new MarkdownMessage(title, text) { At = Message.At, MsgUuid = Message.MsgUuid };
        var bytes = DingTalkMessageWriter.ToUtf8Bytes(message).Length;
        return new FormattedDigest(message, bytes, Summary, EventsShown, GroupsShown, IsFallback, _marks, isResent: true);
    }
}
