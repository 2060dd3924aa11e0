namespace DingTalk.Robot.Digest.Markdown;

/// <summary>A digest ready to send, and what it shows and leaves out.</summary>
internal sealed class FormattedDigest
{
    public FormattedDigest(MarkdownMessage message, int bodyBytes, long eventCount, int eventsShown, int groupsShown, long dropped, bool isFallback = false)
    {
        Message = message;
        BodyBytes = bodyBytes;
        EventCount = eventCount;
        EventsShown = eventsShown;
        GroupsShown = groupsShown;
        Dropped = dropped;
        IsFallback = isFallback;
    }

    /// <summary>The message, with <see cref="DingTalkMessage.At"/> and <see cref="DingTalkMessage.MsgUuid"/> set.</summary>
    public MarkdownMessage Message { get; }

    /// <summary>The size of the JSON body as DingTalk will receive it, in bytes.</summary>
    public int BodyBytes { get; }

    /// <summary>The events in the batch.</summary>
    public long EventCount { get; }

    /// <summary>The example events shown individually.</summary>
    public int EventsShown { get; }

    /// <summary>The groups shown (with their heading, at least).</summary>
    public int GroupsShown { get; }

    /// <summary>The events not shown individually: <see cref="EventCount"/> − <see cref="EventsShown"/>.</summary>
    public long EventsNotShown => EventCount - EventsShown;

    /// <summary>The queue-full drops reported.</summary>
    public long Dropped { get; }

    /// <summary>Whether rendering failed or could not fit and the counts-only digest was sent instead.</summary>
    public bool IsFallback { get; }
}
