using System.Globalization;
using DingTalk.Robot.Digest.Memory;
using DingTalk.Robot.Digest.Markdown.Text;

namespace DingTalk.Robot.Digest.Markdown;

/// <summary>
/// The phrases of the story across digests (alert memory): a glyph a phone shows well and a word per state, the state
/// line under a group's heading, the compact line of a group that rides along or has no events in the digest, and the
/// notification title that sums the story up. Kept apart from <see cref="DigestWording"/>, whose phrases are the same
/// with or without memory.
/// </summary>
internal static class AlertWording
{
    // The most characters of a label (template) on a story line, as a one-line group's template.
    private const int LabelChars = 80;
    private const int ReplicaNameChars = 64;
    private const string Dot = " \u00B7 ";

    /// <summary>The glyph of <paramref name="state"/>: 🆕 📈 🔁 ↻ 🔺 ✅.</summary>
    public static string Glyph(AlertState state) => state switch
    {
        AlertState.New => "\U0001F195",
        AlertState.Rising => "\U0001F4C8",
        AlertState.Back => "\U0001F501",
        AlertState.WorseLevel => "\U0001F53A",
        AlertState.Quiet => "\u2705",
        _ => "\u21BB",
    };

    /// <summary>The word of <paramref name="state"/>: new, rising, back, worse, ongoing, quiet.</summary>
    public static string Word(AlertState state) => state switch
    {
        AlertState.New => "new",
        AlertState.Rising => "rising",
        AlertState.Back => "back",
        AlertState.WorseLevel => "worse",
        AlertState.Quiet => "quiet",
        _ => "ongoing",
    };

    /// <summary>
    /// The notification line: <c>🆕 2 new · ↻ 3 ongoing · ✅ 1 quiet · OrderService</c> (the app's name is already
    /// escaped); <paramref name="markAt"/> is where the re-sent mark goes.
    /// </summary>
    public static string Title(DigestStory story, string app, out int markAt)
    {
        var title = new System.Text.StringBuilder();
        foreach (var state in new[] { AlertState.New, AlertState.Rising, AlertState.Back, AlertState.WorseLevel, AlertState.Ongoing, AlertState.Quiet })
        {
            var count = story.CountOf(state);
            if (count > 0)
            {
                title.Append(Glyph(state)).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Word(state)).Append(Dot);
            }
        }

        title.Append(app);
        markAt = title.Length;
        return title.ToString();
    }

    /// <summary>The glyph before a group's level in its heading or line, with its space.</summary>
    public static void AppendGlyph(DigestWriter w, AlertVerdict? verdict)
    {
        if (verdict is not null)
        {
            w.Raw(Glyph(verdict.State)).Raw(' ');
        }
    }

    /// <summary>
    /// The state line under a group's heading: <c>🆕 **new** · first seen 10:20:01</c>, <c>↻ **ongoing** since 10:00:01 ·
    /// ×12,000 in all, +600 since the last digest</c>, <c>✅ **quiet** since 10:15:02 · lasted 12 min · ×420 in all</c>.
    /// </summary>
    public static void AppendStateLine(DigestWriter w, AlertVerdict verdict, in DigestTimeFormat time)
    {
        w.Raw(Glyph(verdict.State)).Raw(" **").Raw(Word(verdict.State)).Raw("**");
        AppendStatePhrase(w, verdict, time, compact: false);
        AppendReplicas(w, verdict, withNames: true);
        w.Paragraph();
    }

    /// <summary>What follows a one-line group's time range: <c> · ongoing since 10:00:01, ×12,000 in all</c>.</summary>
    public static void AppendLineSuffix(DigestWriter w, AlertVerdict verdict, in DigestTimeFormat time)
    {
        w.Raw(Dot).Raw(Word(verdict.State));
        AppendStatePhrase(w, verdict, time, compact: true);
        AppendReplicas(w, verdict, withNames: false);
    }

    /// <summary>
    /// A group with no events in this digest, on one line: <c>- ✅ ERROR · Disk {Drive} almost full · quiet since
    /// 10:15:02 · lasted 12 min · ×420 in all</c>. Its events were counted by earlier digests.
    /// </summary>
    public static void AppendElsewhereLine(DigestWriter w, AlertVerdict verdict, string levelTag, in DigestTimeFormat time)
    {
        w.Raw("- ").Raw(Glyph(verdict.State)).Raw(' ').Raw(levelTag).Raw(Dot);
        w.InlineOr(verdict.Label, LabelChars, DigestWording.NoMessage);
        w.Raw(Dot).Raw(Word(verdict.State));
        AppendStatePhrase(w, verdict, time, compact: true);
        w.Raw('\n');
    }

    /// <summary><c>- … 3 more groups with no events in this digest</c>, when there are more such lines than are shown.</summary>
    public static void AppendMoreElsewhere(DigestWriter w, int count)
        => w.Raw("- \u2026 ").Number(count).Raw(count == 1 ? " more group with no events in this digest\n" : " more groups with no events in this digest\n");

    private static void AppendStatePhrase(DigestWriter w, AlertVerdict v, in DigestTimeFormat time, bool compact)
    {
        switch (v.State)
        {
            case AlertState.New:
                w.Raw(compact ? " since " : Dot + "first seen ").Raw(time.Short(v.FirstSeen));
                break;

            case AlertState.Rising:
                w.Raw(Dot).Raw(Rate(v.Rate));
                if (v.NotifiedRate > 0)
                {
                    w.Raw(", ").Raw((v.Rate / v.NotifiedRate).ToString("0.#", CultureInfo.InvariantCulture)).Raw("\u00D7 the ").Raw(Rate(v.NotifiedRate)).Raw(" last told");
                }

                AppendSince(w, "since", v.Since, v.EpisodeTotal, time);
                break;

            case AlertState.Back:
                w.Raw(" since ").Raw(time.Short(v.Since)).Raw(Dot).Raw("\u00D7").Number(v.EpisodeTotal).Raw(" since then")
                    .Raw(Dot).Raw("first seen ").Raw(time.Short(v.FirstSeen));
                break;

            case AlertState.WorseLevel:
                w.Raw(Dot).Raw("now ").Raw(DigestLevelText.Tag(v.LevelIndex));
                AppendSince(w, "since", v.Since, v.EpisodeTotal, time);
                break;

            case AlertState.Quiet:
                w.Raw(" since ").Raw(time.Short(v.LastSeen)).Raw(Dot).Raw("lasted ").Raw(Duration(v.Lasted))
                    .Raw(Dot).Raw("\u00D7").Number(v.EpisodeTotal).Raw(" in all");
                break;

            default:
                w.Raw(" since ").Raw(time.Short(v.Since)).Raw(Dot).Raw("\u00D7").Number(v.EpisodeTotal).Raw(" in all");
                if (!compact && v.SinceLastDigest > 0)
                {
                    w.Raw(", +").Number(v.SinceLastDigest).Raw(" since the last digest");
                }

                break;
        }
    }

    // Fleet mode: " · ×1,240 on 3 replicas: orders-7f9c, orders-a1b2, …": the fleet's count of the stretch and the
    // replicas that saw it lately (the names are the replicas' own, escaped as text).
    private static void AppendReplicas(DigestWriter w, AlertVerdict v, bool withNames)
    {
        if (v.Replicas <= 0)
        {
            return;
        }

        w.Raw(Dot);
        if (v.FleetEvents > 0)
        {
            w.Raw("\u00D7").Number(v.FleetEvents).Raw(' ');
        }

        w.Raw("on ").Number(v.Replicas).Raw(v.Replicas == 1 ? " replica" : " replicas");
        if (!withNames || v.ReplicaNames is not { Count: > 0 } names)
        {
            return;
        }

        w.Raw(": ");
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                w.Raw(", ");
            }

            w.Inline(names[i], ReplicaNameChars);
        }

        if (v.Replicas > names.Count)
        {
            w.Raw(", …");
        }
    }

    private static void AppendSince(DigestWriter w, string word, DateTimeOffset since, long total, in DigestTimeFormat time)
        => w.Raw(Dot).Raw(word).Raw(' ').Raw(time.Short(since)).Raw(Dot).Raw("\u00D7").Number(total).Raw(" in all");

    // "52/s", "4.5/s", "12/min": a rate people can compare at a glance.
    private static string Rate(double perSecond)
        => perSecond >= 1
            ? perSecond.ToString(perSecond >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture) + "/s"
            : (perSecond * 60).ToString("0.#", CultureInfo.InvariantCulture) + "/min";

    // "45 s", "12 min", "3 h 20 min": how long a group lasted.
    private static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.FromMinutes(1))
        {
            return ((int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
        }

        if (d < TimeSpan.FromHours(1))
        {
            return ((int)d.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min";
        }

        var hours = ((int)d.TotalHours).ToString(CultureInfo.InvariantCulture) + " h";
        return d.Minutes == 0 ? hours : hours + " " + d.Minutes.ToString(CultureInfo.InvariantCulture) + " min";
    }
}
