using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// Who a digest mentions and what the robot needs at the end of its text: the keyword (when the text lacks it) and
/// the @-tokens. Both are part of the digest's fixed parts, so no truncation can remove them.
/// </summary>
internal sealed class DigestMentions
{
    private readonly DigestFormatterSettings _settings;
    private readonly string[] _atMobiles;
    private readonly string[] _atUserIds;

    public DigestMentions(DigestFormatterSettings settings)
    {
        _settings = settings;
        _atMobiles = Targets(settings.AtMobiles);
        _atUserIds = Targets(settings.AtUserIds);
    }

    /// <summary>
    /// The mentions of a digest, or <see langword="null"/> for none. With alert memory, only a new, rising, back or
    /// worse group at <c>MentionLevel</c> mentions people (an ongoing one retold does not); without it, any event at
    /// that level does.
    /// </summary>
    public Mentions? For(DigestSummary summary)
        => summary.Story is { } story ? When(story.Mentions) : When(summary.MaxLevel is { } level && DigestLevelText.Index(level) >= DigestLevelText.Index(_settings.MentionLevel));

    private Mentions? When(bool mention)
    {
        if (!mention || (_atMobiles.Length == 0 && _atUserIds.Length == 0 && !_settings.AtAll))
        {
            return null;
        }

        return new Mentions
        {
            AtMobiles = new List<string>(_atMobiles),
            AtUserIds = new List<string>(_atUserIds),
            IsAtAll = _settings.AtAll,
        };
    }

    /// <summary>The keyword (when the text lacks it) and the @-tokens, last, where the robot needs them.</summary>
    public void AppendTail(DigestWriter w, Mentions? mentions)
    {
        var keyword = _settings.Keyword;
        if (!string.IsNullOrEmpty(keyword) && !w.Contains(keyword!))
        {
            DigestWording.AppendKeyword(w, keyword!);
        }

        if (mentions is null)
        {
            return;
        }

        var any = false;
        foreach (var mobile in _atMobiles)
        {
            w.Raw(any ? " @" : "@").Raw(mobile);
            any = true;
        }

        foreach (var userId in _atUserIds)
        {
            w.Raw(any ? " @" : "@").Raw(userId);
            any = true;
        }
    }

    /// <summary>The most bytes <see cref="AppendTail"/> can take: kept out of the groups' budget.</summary>
    public int TailReserve(Mentions? mentions)
    {
        var bytes = 0;
        if (!string.IsNullOrEmpty(_settings.Keyword))
        {
            bytes += JsonByteCost.Of(_settings.Keyword) + 8;
        }

        if (mentions is not null)
        {
            foreach (var mobile in _atMobiles)
            {
                bytes += JsonByteCost.Of(mobile) + 2;
            }

            foreach (var userId in _atUserIds)
            {
                bytes += JsonByteCost.Of(userId) + 2;
            }
        }

        return bytes;
    }

    // The same list goes into "at" and into the text: a mention only works when both have it. Blank entries would
    // put a bare "@" in the text, so they are left out of both.
    private static string[] Targets(IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return Array.Empty<string>();
        }

        var list = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i]?.Trim();
            if (!string.IsNullOrEmpty(value))
            {
                list.Add(value!);
            }
        }

        return list.ToArray();
    }
}
