namespace DingTalk.Robot.Digest.Markdown;

/// <summary>How much of an exception the digest shows: the formatter lowers these when the body would not fit.</summary>
internal readonly struct ExceptionDetail
{
    public ExceptionDetail(int messageChars, int frames, int frameChars, int innerDepth, int innerMessageChars, int innerFrames)
    {
        MessageChars = messageChars;
        Frames = frames;
        FrameChars = frameChars;
        InnerDepth = innerDepth;
        InnerMessageChars = innerMessageChars;
        InnerFrames = innerFrames;
    }

    /// <summary>The most characters of the outer exception's message.</summary>
    public int MessageChars { get; }

    /// <summary>The top stack frames shown for the outer exception.</summary>
    public int Frames { get; }

    /// <summary>The most characters of one frame.</summary>
    public int FrameChars { get; }

    /// <summary>The inner exceptions shown; deeper ones are counted.</summary>
    public int InnerDepth { get; }

    /// <summary>The most characters of an inner exception's message.</summary>
    public int InnerMessageChars { get; }

    /// <summary>The top stack frames shown for each inner exception.</summary>
    public int InnerFrames { get; }
}
