namespace DingTalk.Robot;

/// <summary>How the buttons of an <see cref="ActionCardMessage"/> are laid out (<c>btnOrientation</c>).</summary>
public enum ActionCardButtonOrientation
{
    /// <summary>One under the other (<c>"0"</c>).</summary>
    Vertical = 0,

    /// <summary>Side by side (<c>"1"</c>).</summary>
    Horizontal = 1,
}
