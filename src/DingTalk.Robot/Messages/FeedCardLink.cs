using DingTalk.Robot.Internal;

namespace DingTalk.Robot;

/// <summary>One entry of a <see cref="FeedCardMessage"/>.</summary>
public sealed class FeedCardLink
{
    /// <summary>Creates a feed-card entry.</summary>
    /// <param name="title">The entry's title.</param>
    /// <param name="messageUrl">Where a tap leads.</param>
    /// <param name="picUrl">The entry's picture.</param>
    public FeedCardLink(string title, string messageUrl, string picUrl)
    {
        Title = Guard.NotNullOrEmpty(title, nameof(title));
        MessageUrl = Guard.NotNullOrEmpty(messageUrl, nameof(messageUrl));
        PicUrl = Guard.NotNullOrEmpty(picUrl, nameof(picUrl));
    }

    /// <summary>The entry's title.</summary>
    public string Title { get; }

    /// <summary>Where a tap leads.</summary>
    public string MessageUrl { get; }

    /// <summary>The entry's picture.</summary>
    public string PicUrl { get; }
}
