using DingTalk.Robot.Internal;

namespace DingTalk.Robot;

/// <summary>One button of an <see cref="ActionCardMessage"/> with several buttons.</summary>
public sealed class ActionCardButton
{
    /// <summary>Creates a button.</summary>
    /// <param name="title">The button's caption.</param>
    /// <param name="actionUrl">Where a tap leads.</param>
    public ActionCardButton(string title, string actionUrl)
    {
        Title = Guard.NotNullOrEmpty(title, nameof(title));
        ActionUrl = Guard.NotNullOrEmpty(actionUrl, nameof(actionUrl));
    }

    /// <summary>The button's caption.</summary>
    public string Title { get; }

    /// <summary>Where a tap leads.</summary>
    public string ActionUrl { get; }
}
