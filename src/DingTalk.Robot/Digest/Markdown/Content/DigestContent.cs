using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>
/// What one digest can show, read out of a batch before formatting: the batch's numbers and strings
/// (<see cref="DigestSummary"/>) and its groups in priority order, the ones worth a section with their examples and
/// first exception already read. It holds strings and numbers only, so the formatter is a pure function of it;
/// <see cref="From"/> is the one place where the front end's reader and the events' exceptions run.
/// </summary>
internal sealed class DigestContent
{
    // Sections beyond the first ten would bury the top of the digest; later groups get one line each.
    private const int MaxSections = 10;

    private DigestContent(DigestSummary summary, IReadOnlyList<ShownGroup> groups, string? countsOnlyReason)
    {
        Summary = summary;
        Groups = groups;
        CountsOnlyReason = countsOnlyReason;
    }

    /// <summary>Nothing to show.</summary>
    public static DigestContent Empty { get; } = new(DigestSummary.Empty, Array.Empty<ShownGroup>(), null);

    /// <summary>The batch's numbers and strings.</summary>
    public DigestSummary Summary { get; }

    /// <summary>The groups, worst first (<see cref="GroupPriority"/>).</summary>
    public IReadOnlyList<ShownGroup> Groups { get; }

    /// <summary>
    /// Set for a counts-only digest: why its details are missing (a clause such as "could not be rendered"). Its
    /// groups are one line each.
    /// </summary>
    public string? CountsOnlyReason { get; }

    /// <summary>The counts alone, for a digest made without touching any user object: every group is one line.</summary>
    /// <param name="summary">The batch's numbers and strings.</param>
    /// <param name="reason">Why the details are missing, completing "The details of this digest …".</param>
    public static DigestContent CountsOnly(DigestSummary summary, string reason)
    {
        summary ??= DigestSummary.Empty;
        var groups = new ShownGroup[summary.Groups.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = ShownGroup.Line(summary.Groups[i]);
        }

        return new DigestContent(summary, groups, string.IsNullOrEmpty(reason) ? DigestWording.CouldNotBeRendered : reason);
    }

    /// <summary>
    /// Reads what a digest of <paramref name="batch"/> can show: the worst group and up to nine more with something to
    /// show get a section, <see cref="DigestFormatterSettings.MaxEventsShown"/> examples are shared among the sections
    /// in priority order, and only those examples are rendered through <paramref name="reader"/> (plus, for a
    /// one-event group, the one example that decides whether it is worth a section). A reader that throws costs an
    /// example its rendering, never a count. Never throws.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="reader">Reads the examples shown.</param>
    /// <param name="settings">The formatter's limits.</param>
    /// <param name="story">What the digest tells across digests (alert memory), or <see langword="null"/>.</param>
    public static DigestContent From<TEvent>(DigestBatch<TEvent> batch, DigestEventReader<TEvent> reader, DigestFormatterSettings settings, Memory.DigestStory? story = null)
    {
        if (batch is null)
        {
            return Empty;
        }

        var byPriority = batch.GroupsByPriority();
        var summary = DigestSummary.Of(batch, byPriority, story);
        try
        {
            return new DigestContent(summary, ReadGroups(byPriority, summary, reader, settings), null);
        }
        catch (Exception)
        {
            // Only a defect or an out-of-memory gets here (every call into user code is guarded): the counts still go out.
            return CountsOnly(summary, DigestWording.CouldNotBeRendered);
        }
    }

    private static ShownGroup[] ReadGroups<TEvent>(
        DigestGroup<TEvent>[] byPriority, DigestSummary summary, DigestEventReader<TEvent> reader, DigestFormatterSettings settings)
    {
        var limit = Math.Min(byPriority.Length, Math.Max(0, settings.MaxGroupsShown));
        var isSection = new bool[limit];
        var firstExamples = new ShownExample?[limit];
        var sections = 0;
        for (var i = 0; i < limit; i++)
        {
            // An ongoing group with nothing new rides along as one line (alert memory): it was told in full before.
            isSection[i] = !summary.Groups[i].RidesAlong
                && (i == 0 || (sections < MaxSections && !IsTrivial(byPriority[i], reader, settings, out firstExamples[i])));
            sections += isSection[i] ? 1 : 0;
        }

        var allowance = AllocateExamples(byPriority, isSection, settings.MaxEventsShown);
        var groups = new ShownGroup[byPriority.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = i < limit && isSection[i]
                ? ReadSection(byPriority[i], summary.Groups[i], allowance[i], firstExamples[i], reader, settings)
                : ShownGroup.Line(summary.Groups[i]);
        }

        return groups;
    }

    // Whether a section would say no more than a list line: one event, no exception, an example that adds nothing to
    // the heading, below Error (errors always get a section). Its one example is read to know; it is kept for reuse.
    private static bool IsTrivial<TEvent>(DigestGroup<TEvent> group, DigestEventReader<TEvent> reader, DigestFormatterSettings settings, out ShownExample? example)
    {
        example = null;
        if (group.Count != 1 || group.MaxLevelIndex >= (int)DigestLevel.Error || group.FirstException is not null)
        {
            return false;
        }

        if (group.ExampleCount == 0)
        {
            return true;
        }

        example = ReadExample(group, group.GetExample(0), reader);
        var detail = GroupDetail.Levels[0];
        var showsProperties = settings.IncludeProperties && Math.Min(detail.MaxProperties, settings.MaxPropertiesShown) > 0;
        return !ExampleInformation.IsInformative(example, group.Template, detail.MessageChars, showsProperties)
               && !(detail.MaxProperties > 0 && TraceLine.Has(example));
    }

    // Spreads MaxEventsShown over the sections in priority order, one round at a time: every section gets its first
    // example before any gets a second.
    private static int[] AllocateExamples<TEvent>(DigestGroup<TEvent>[] byPriority, bool[] isSection, int maxEventsShown)
    {
        var allowance = new int[isSection.Length];
        var budget = Math.Max(0, maxEventsShown);
        for (var round = 0; budget > 0; round++)
        {
            var any = false;
            for (var i = 0; i < isSection.Length && budget > 0; i++)
            {
                if (isSection[i] && byPriority[i].ExampleCount > round)
                {
                    allowance[i]++;
                    budget--;
                    any = true;
                }
            }

            if (!any)
            {
                break;
            }
        }

        return allowance;
    }

    private static ShownGroup ReadSection<TEvent>(
        DigestGroup<TEvent> group, GroupSummary summary, int allowance, ShownExample? firstExample, DigestEventReader<TEvent> reader, DigestFormatterSettings settings)
    {
        // Of the n kept examples, k are read: the first k − 1 and the latest, so the list spans the whole window.
        var examples = new ShownExample[allowance];
        for (var i = 0; i < allowance; i++)
        {
            var kept = i < allowance - 1 || allowance == group.ExampleCount ? i : group.ExampleCount - 1;
            examples[i] = kept == 0 && firstExample is not null ? firstExample : ReadExample(group, group.GetExample(kept), reader);
        }

        var sources = new string[group.SourceCount];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = group.GetSource(i);
        }

        return new ShownGroup(summary, isSection: true, examples, ExceptionSnapshot.Read(group.FirstException), sources, group.MoreSources)
        {
            Fingerprint = settings.Links.UsesFingerprint ? GroupFingerprint.Of(group) : null,
        };
    }

    private static ShownExample ReadExample<TEvent>(DigestGroup<TEvent> group, in KeptExample<TEvent> kept, DigestEventReader<TEvent> reader)
    {
        if (kept.Unreadable is { } unreadable)
        {
            return ShownExample.Note(unreadable.At, DigestWording.UnreadableEventExample(unreadable.Description));
        }

        try
        {
            var e = reader.ToDigestEvent(kept.Item);
            return e is null ? Unrenderable(group, DigestWording.NoEventReturned) : ShownExample.From(e);
        }
        catch (Exception ex)
        {
            // Still counted in the group; the example says that it could not be shown, and why in a word.
            return Unrenderable(group, ex.GetType().Name);
        }
    }

    private static ShownExample Unrenderable<TEvent>(DigestGroup<TEvent> group, string why)
        => ShownExample.Note(group.LastSeen, DigestWording.UnrenderableEvent(why));
}
