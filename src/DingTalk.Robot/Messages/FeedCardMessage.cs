using System.Text.Json;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot;

/// <summary>A feed card (<c>msgtype: feedCard</c>): a list of linked entries with pictures. It cannot mention anyone.</summary>
public sealed class FeedCardMessage : DingTalkMessage
{
    /// <summary>Creates a feed card.</summary>
    /// <param name="links">The entries; at least one.</param>
    public FeedCardMessage(IEnumerable<FeedCardLink> links)
    {
        Links = new List<FeedCardLink>(Guard.NotNull(links, nameof(links))).AsReadOnly();
        if (Links.Count == 0)
        {
            throw new ArgumentException("A feed card needs at least one link.", nameof(links));
        }
    }

    /// <summary>The entries.</summary>
    public IReadOnlyList<FeedCardLink> Links { get; }

    internal override string MsgType => "feedCard";

    internal override bool SupportsMentions => false;

    internal override void WriteContent(Utf8JsonWriter writer, string? appendToText)
    {
        writer.WriteStartObject(MsgType);
        writer.WriteStartArray("links");
        for (var i = 0; i < Links.Count; i++)
        {
            var link = Links[i];
            writer.WriteStartObject();
            // A feed card has no text: the keyword, when needed, goes into the first title.
            writer.WriteString("title", i == 0 && appendToText is not null ? link.Title + appendToText : link.Title);
            writer.WriteString("messageURL", link.MessageUrl);
            writer.WriteString("picURL", link.PicUrl);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal override bool ContainsText(string keyword)
    {
        foreach (var link in Links)
        {
            if (link.Title.Contains(keyword))
            {
                return true;
            }
        }

        return false;
    }
}
