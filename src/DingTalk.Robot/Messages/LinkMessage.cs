using System.Text.Json;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot;

/// <summary>A link message (<c>msgtype: link</c>): a title, a short text, a picture and a target URL. It cannot mention anyone.</summary>
public sealed class LinkMessage : DingTalkMessage
{
    /// <summary>Creates a link message.</summary>
    /// <param name="title">The title.</param>
    /// <param name="text">The text shown under the title.</param>
    /// <param name="messageUrl">Where a tap leads.</param>
    /// <param name="picUrl">An optional picture.</param>
    public LinkMessage(string title, string text, string messageUrl, string? picUrl = null)
    {
        Title = Guard.NotNullOrEmpty(title, nameof(title));
        Text = Guard.NotNullOrEmpty(text, nameof(text));
        MessageUrl = Guard.NotNullOrEmpty(messageUrl, nameof(messageUrl));
        PicUrl = picUrl;
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>The text shown under the title.</summary>
    public string Text { get; }

    /// <summary>Where a tap leads.</summary>
    public string MessageUrl { get; }

    /// <summary>An optional picture.</summary>
    public string? PicUrl { get; }

    internal override string MsgType => "link";

    internal override bool SupportsMentions => false;

    internal override void WriteContent(Utf8JsonWriter writer, string? appendToText)
    {
        writer.WriteStartObject(MsgType);
        writer.WriteString("title", Title);
        writer.WriteString("text", appendToText is null ? Text : Text + appendToText);
        // The contract's casing: messageUrl/picUrl here, messageURL/picURL in a feed card.
        writer.WriteString("messageUrl", MessageUrl);
        if (PicUrl is not null)
        {
            writer.WriteString("picUrl", PicUrl);
        }

        writer.WriteEndObject();
    }

    internal override bool ContainsText(string keyword) => Title.Contains(keyword) || Text.Contains(keyword);
}
