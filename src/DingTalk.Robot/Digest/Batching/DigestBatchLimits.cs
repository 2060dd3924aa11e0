namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// The bounds that keep a <see cref="DigestBatch{TEvent}"/>'s memory constant however many events fold into it (while the
/// robot is throttled for ten minutes, events keep arriving into the same batch).
/// </summary>
internal sealed class DigestBatchLimits
{
    /// <summary>The defaults: 100 groups, 3 examples and 3 sources per group, 3 undelivered-digest notes.</summary>
    public static DigestBatchLimits Default { get; } = new();

    /// <summary>The most message templates tracked as groups; further templates are only counted, per level. Default 100.</summary>
    public int MaxGroups { get; set; } = 100;

    /// <summary>The example events kept per group: the first ones and the latest. Default 3.</summary>
    public int ExamplesPerGroup { get; set; } = 3;

    /// <summary>The distinct sources remembered per group. Default 3.</summary>
    public int SourcesPerGroup { get; set; } = 3;

    /// <summary>The undelivered-digest notes kept word for word; further ones are only counted. Default 3.</summary>
    public int UndeliveredNotes { get; set; } = 3;
}
