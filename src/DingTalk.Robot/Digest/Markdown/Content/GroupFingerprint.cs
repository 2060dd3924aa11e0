using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>
/// The alert fingerprint a link's <c>{Fingerprint}</c> shows: the one the alert memory computed for the group, or,
/// without alert memory, the same recipe (template, exception, the user's <c>Fingerprint</c>).
/// </summary>
internal static class GroupFingerprint
{
    /// <summary>
    /// <see cref="AlertFingerprint.Of"/> of the group's template and first exception (whose stack trace it reads: this
    /// runs where user code is guarded, on the time-boxed rendering). Never throws: <see langword="null"/> on failure.
    /// </summary>
    public static string? Of<TEvent>(DigestGroup<TEvent> group)
    {
        try
        {
            return (group.Fingerprint ?? AlertFingerprint.Of(group.Template, group.FirstException, group.UserFingerprint)).ToString();
        }
        catch (Exception)
        {
            return null;
        }
    }
}
