namespace DingTalk.Robot.Digest.Memory;

/// <summary>
/// What one digest tells across digests: the alert memory's decision, with each verdict either attached to its group
/// in the batch (<c>DigestGroup.Verdict</c>) or listed in <see cref="Elsewhere"/> when the batch has none of its
/// events (a group gone quiet, typically). Numbers and strings only, so a counts-only digest can tell it too.
/// </summary>
internal sealed class DigestStory
{
    private readonly int[] _counts = new int[6];

    public DigestStory(AlertDecision decision, IReadOnlyList<AlertVerdict> elsewhere)
    {
        Decision = decision;
        Elsewhere = elsewhere;
        foreach (var verdict in decision.Verdicts)
        {
            _counts[(int)verdict.State]++;
        }
    }

    /// <summary>The memory's decision, committed when the digest telling it is accepted.</summary>
    public AlertDecision Decision { get; }

    /// <summary>The verdicts of groups with no events in the batch, most recently seen first.</summary>
    public IReadOnlyList<AlertVerdict> Elsewhere { get; }

    /// <summary>Whether the digest has something to tell (a new, rising, back or worse group, a quiet one, a repeat).</summary>
    public bool IsWorthSending => Decision.ShouldSend;

    /// <summary>Whether the digest mentions people: some group is new, rising, back or worse at the mention level.</summary>
    public bool Mentions => Decision.HasMentions;

    /// <summary>Whether the story says anything at all (there are verdicts).</summary>
    public bool IsEmpty => Decision.Verdicts.Count == 0;

    /// <summary>How many groups the digest tells in <paramref name="state"/>.</summary>
    public int CountOf(AlertState state) => _counts[(int)state];
}
