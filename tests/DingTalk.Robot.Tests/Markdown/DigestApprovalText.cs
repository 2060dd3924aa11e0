using System.Text;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Markdown;

namespace DingTalk.Robot.Tests.Markdown;

/// <summary>
/// Writes a <see cref="FormattedDigest"/> as the text of an approval file: the title, the size and counts, the markdown,
/// the mentions. (Reading the numbers back out of a digest's text is <c>DingTalk.Testing.Shared.DigestText</c>'s job.)
/// </summary>
internal static class DigestApprovalText
{
    public static string Render(FormattedDigest digest)
    {
        var m = digest.Message;
        var sb = new StringBuilder();
        sb.Append("title: ").Append(m.Title).Append('\n');
        sb.Append("body: ").Append(digest.BodyBytes).Append(" bytes; events: ").Append(digest.EventCount)
            .Append(" (").Append(digest.EventsShown).Append(" shown, ").Append(digest.EventsNotShown).Append(" not shown); groups shown: ")
            .Append(digest.GroupsShown).Append("; dropped: ").Append(digest.Dropped).Append('\n');
        sb.Append("----- text -----\n");
        sb.Append(m.Text).Append('\n');
        sb.Append("----- at -----\n");
        if (m.At is null)
        {
            sb.Append("(none)\n");
        }
        else
        {
            sb.Append("atMobiles: ").Append(string.Join(", ", m.At.AtMobiles)).Append('\n');
            sb.Append("atUserIds: ").Append(string.Join(", ", m.At.AtUserIds)).Append('\n');
            sb.Append("isAtAll: ").Append(m.At.IsAtAll ? "true" : "false").Append('\n');
        }

        return sb.ToString();
    }
}
