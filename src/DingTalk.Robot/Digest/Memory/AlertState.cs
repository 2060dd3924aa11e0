namespace DingTalk.Robot.Digest.Memory;

/// <summary>What a digest says about an alert group, given what was told about it before.</summary>
internal enum AlertState
{
    /// <summary>Never told before (🆕): a digest goes out, with mentions.</summary>
    New,

    /// <summary>Its rate is several times the rate last told (📈): a digest goes out, with mentions.</summary>
    Rising,

    /// <summary>It had gone quiet (no events for <c>QuietAfter</c>) and returned (🔁): a digest goes out, with mentions.</summary>
    Back,

    /// <summary>
    /// Still going, nothing new (↻): rides along in the next digest that goes out as one compact line, and causes a
    /// digest by itself only when it is told in full again after <c>RepeatInterval</c> (without mentions).
    /// </summary>
    Ongoing,

    /// <summary>It reached a worse level than the one last told: a digest goes out, with mentions.</summary>
    WorseLevel,

    /// <summary>No events for <c>QuietAfter</c> (✅): told once, with how long it lasted and its total; no mentions.</summary>
    Quiet,
}
