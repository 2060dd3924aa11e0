using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Digest.Markdown.Content;

/// <summary>
/// The alert fingerprint a link's <c>{Fingerprint}</c> shows: the one place the content takes it, so that alert memory
/// (issue 14) can hand in the fingerprint it computed for the group instead.
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
            return AlertFingerprint.Of(group.Template, group.FirstException).ToString();
        }
        catch (Exception)
        {
            return null;
        }
    }
}
