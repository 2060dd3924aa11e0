using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>
/// A group as the formatter gets it: its numbers and template, and — for a group that gets a section — the examples
/// it may show, its first exception and its sources, already read. Nothing in it runs user code.
/// </summary>
internal sealed class ShownGroup
{
    private static readonly ShownExample[] NoExamples = Array.Empty<ShownExample>();
    private static readonly string[] NoSources = Array.Empty<string>();

    public ShownGroup(GroupSummary summary, bool isSection, ShownExample[] examples, ExceptionSnapshot? exception, string[] sources, bool moreSources)
    {
        Summary = summary;
        IsSection = isSection;
        Examples = examples;
        Exception = exception;
        Sources = sources;
        MoreSources = moreSources;
    }

    /// <summary>The group's numbers and template.</summary>
    public GroupSummary Summary { get; }

    /// <summary>
    /// Whether the group is worth a section (heading, examples, exception) rather than one line: the worst group, and
    /// the next groups with something to show. Whether the section fits is the layout's decision.
    /// </summary>
    public bool IsSection { get; }

    /// <summary>
    /// The examples the section may show, at most its share of <c>MaxEventsShown</c>: the group's first examples and
    /// its latest, in that order. A section at a lower level of detail shows the first few of them and the last.
    /// </summary>
    public IReadOnlyList<ShownExample> Examples { get; }

    /// <summary>The group's first exception, or <see langword="null"/>.</summary>
    public ExceptionSnapshot? Exception { get; }

    /// <summary>The first distinct sources.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Whether more sources were seen than <see cref="Sources"/> holds.</summary>
    public bool MoreSources { get; }

    /// <summary>
    /// The group's alert fingerprint (16 hex digits), for a link's <c>{Fingerprint}</c>; <see langword="null"/> when no
    /// link uses it. Set by <see cref="DigestContent"/> through <see cref="GroupFingerprint"/>, the one place it is taken.
    /// </summary>
    public string? Fingerprint { get; set; }

    public string Template => Summary.Template;

    public long Count => Summary.Count;

    public int MaxLevelIndex => Summary.MaxLevelIndex;

    /// <summary>A one-line entry only: the group's numbers and template.</summary>
    public static ShownGroup Line(GroupSummary summary) => new(summary, isSection: false, NoExamples, null, NoSources, moreSources: false);
}
