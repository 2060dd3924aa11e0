namespace DingTalk.Robot.Digest.Markdown;

/// <summary>Where the re-sent mark goes: after the names, in the title and in the heading of the text.</summary>
internal readonly struct ResentMarkPositions
{
    public ResentMarkPositions(int title, int text)
    {
        Title = title;
        Text = text;
    }

    /// <summary>The index in the title.</summary>
    public int Title { get; }

    /// <summary>The index in the text.</summary>
    public int Text { get; }
}
