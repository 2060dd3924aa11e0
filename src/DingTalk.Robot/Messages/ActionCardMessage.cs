using System.Text.Json;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot;

/// <summary>
/// An action card (<c>msgtype: actionCard</c>): markdown text with either one button
/// (<see cref="SingleTitle"/> and <see cref="SingleUrl"/>) or several (<see cref="Buttons"/>).
/// </summary>
public sealed class ActionCardMessage : DingTalkMessage
{
    /// <summary>Creates an action card; set <see cref="SingleTitle"/> and <see cref="SingleUrl"/>, or add <see cref="Buttons"/>.</summary>
    /// <param name="title">What the notification shows.</param>
    /// <param name="text">The markdown text of the card.</param>
    public ActionCardMessage(string title, string text)
    {
        Title = Guard.NotNullOrEmpty(title, nameof(title));
        Text = Guard.NotNullOrEmpty(text, nameof(text));
    }

    /// <summary>What the notification shows.</summary>
    public string Title { get; }

    /// <summary>The markdown text of the card.</summary>
    public string Text { get; }

    /// <summary>The caption of the single button. When set (with <see cref="SingleUrl"/>), <see cref="Buttons"/> is ignored, as DingTalk does.</summary>
    public string? SingleTitle { get; set; }

    /// <summary>Where the single button leads.</summary>
    public string? SingleUrl { get; set; }

    /// <summary>The buttons, when there is more than one.</summary>
    public IList<ActionCardButton> Buttons { get; set; } = new List<ActionCardButton>();

    /// <summary>How the buttons are laid out.</summary>
    public ActionCardButtonOrientation BtnOrientation { get; set; }

    /// <summary>Hide the robot's avatar.</summary>
    public bool HideAvatar { get; set; }

    internal override string MsgType => "actionCard";

    internal override void WriteContent(Utf8JsonWriter writer, string? appendToText)
    {
        writer.WriteStartObject(MsgType);
        writer.WriteString("title", Title);
        writer.WriteString("text", appendToText is null ? Text : Text + appendToText);
        writer.WriteString("btnOrientation", BtnOrientation == ActionCardButtonOrientation.Horizontal ? "1" : "0");
        writer.WriteString("hideAvatar", HideAvatar ? "1" : "0");
        if (SingleTitle is not null || SingleUrl is not null)
        {
            WriteIfNotNull(writer, "singleTitle", SingleTitle);
            WriteIfNotNull(writer, "singleURL", SingleUrl);
        }
        else if (Buttons.Count > 0)
        {
            writer.WriteStartArray("btns");
            foreach (var button in Buttons)
            {
                writer.WriteStartObject();
                writer.WriteString("title", button.Title);
                writer.WriteString("actionURL", button.ActionUrl);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    internal override bool ContainsText(string keyword) => Title.Contains(keyword) || Text.Contains(keyword);

    private static void WriteIfNotNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
