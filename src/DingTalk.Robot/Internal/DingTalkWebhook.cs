using System.Net;

namespace DingTalk.Robot.Internal;

/// <summary>
/// A validated webhook URL and the parts the client needs from it. The URL is a credential (its <c>access_token</c>
/// lets anyone post to the group), so no message produced here ever repeats it: validation errors name what is wrong,
/// not the value.
/// </summary>
internal sealed class DingTalkWebhook
{
    private const string OptionName = nameof(DingTalkRobotOptions.WebhookUrl);
    private const string Example = "https://oapi.dingtalk.com/robot/send?access_token=…";

    private DingTalkWebhook(string url, string host, string authority, string accessToken, bool isLoopback)
    {
        Url = url;
        Host = host;
        Authority = authority;
        AccessToken = accessToken;
        IsLoopback = isLoopback;
    }

    /// <summary>The webhook as configured (trimmed): the base of every request URL.</summary>
    public string Url { get; }

    /// <summary>The host alone, the only part that may be shown.</summary>
    public string Host { get; }

    /// <summary>Host and port, lower case: with the token, what identifies one robot.</summary>
    public string Authority { get; }

    /// <summary>The <c>access_token</c> as it appears in the URL. Never shown.</summary>
    public string AccessToken { get; }

    /// <summary>Whether the robot is on loopback (127.0.0.0/8, ::1, localhost): a test server, not DingTalk.</summary>
    public bool IsLoopback { get; }

    /// <summary>Parses and validates <paramref name="webhookUrl"/>, throwing <see cref="ArgumentException"/> with a message that says what to fix.</summary>
    public static DingTalkWebhook Parse(string? webhookUrl)
    {
        var url = webhookUrl?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            throw new ArgumentException(
                $"{OptionName} is required: copy the robot's webhook ({Example}) from the robot's settings in the DingTalk group.",
                OptionName);
        }

        // Checked before parsing: on Unix "/robot/send?…" would otherwise parse as an absolute file:// URI.
        if (url!.IndexOf("://", StringComparison.Ordinal) < 0)
        {
            throw new ArgumentException(
                $"{OptionName} must be an absolute URL such as {Example}; the configured value has no scheme (it looks relative).",
                OptionName);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException(
                $"{OptionName} is not a well-formed URL; copy it again from the robot's settings ({Example}).",
                OptionName);
        }

        var isHttps = string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
        var isHttp = string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase);
        var isLoopback = IsLoopbackHost(uri);
        if (!isHttps && !(isHttp && isLoopback))
        {
            // The URL carries the access_token: sending it in clear text would hand the robot to anyone on the path.
            throw new ArgumentException(
                isHttp
                    ? $"{OptionName} must use https: the URL carries the robot's access_token. Plain http is accepted only for a test server on loopback (127.0.0.0/8, ::1, localhost)."
                    : $"{OptionName} must be an https URL ({Example}).",
                OptionName);
        }

        string? accessToken = null;
        foreach (var (name, value) in QueryParameters(uri.Query))
        {
            if (name == "access_token")
            {
                accessToken = value;
            }
            else if (name is "timestamp" or "sign")
            {
                throw new ArgumentException(
                    $"{OptionName} already carries a '{name}' parameter. Configure the webhook exactly as copied (…/robot/send?access_token=…) and the secret in Secret: the client signs every request afresh, and a fixed signature expires after an hour.",
                    OptionName);
            }
        }

        if (string.IsNullOrEmpty(accessToken))
        {
            throw new ArgumentException(
                accessToken is null
                    ? $"{OptionName} has no access_token parameter; copy the whole webhook ({Example}) from the robot's settings."
                    : $"{OptionName} has an empty access_token; copy the whole webhook ({Example}) from the robot's settings.",
                OptionName);
        }

        return new DingTalkWebhook(url, uri.Host, uri.Authority.ToLowerInvariant(), accessToken!, isLoopback);
    }

    /// <summary>Returns only the host of <paramref name="webhookUrl"/>, or a placeholder, for display.</summary>
    public static string DescribeHost(string? webhookUrl)
        => webhookUrl is not null
           && webhookUrl.IndexOf("://", StringComparison.Ordinal) >= 0
           && Uri.TryCreate(webhookUrl.Trim(), UriKind.Absolute, out var uri)
            ? uri.Host
            : "(no valid webhook)";

    // Exactly 127.0.0.0/8, ::1 and localhost (Uri.IsLoopback also accepts the name "loopback").
    private static bool IsLoopbackHost(Uri uri)
        => string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
           || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static IEnumerable<(string Name, string Value)> QueryParameters(string query)
    {
        var text = query.StartsWith("?", StringComparison.Ordinal) ? query.Substring(1) : query;
        foreach (var pair in text.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            yield return equals < 0 ? (pair, string.Empty) : (pair.Substring(0, equals), pair.Substring(equals + 1));
        }
    }
}
