using System.Globalization;
using DingTalk.Robot.Fleet;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot;

/// <summary>
/// Where and how a <see cref="DingTalkRobotClient"/> sends: the robot's webhook and security settings, and the limits
/// that keep it from being throttled. The webhook URL and the secret are credentials: nothing this library prints,
/// throws or returns contains them.
/// </summary>
public sealed class DingTalkRobotOptions
{
    /// <summary>The most bytes DingTalk accepts in one request body.</summary>
    public const int MaxBodyBytes = 20000;

    /// <summary>DingTalk's budget per robot: past 20 messages in a minute it throttles the robot for 10 minutes.</summary>
    internal const int MaxMessagesPerMinute = 20;

    /// <summary>The budget a test server on loopback (the emulator) may be given: the budget keeps one slot per message.</summary>
    internal const int MaxMessagesPerMinuteOnLoopback = 1000;

    /// <summary>
    /// The robot's webhook, as copied from the robot's settings: <c>https://oapi.dingtalk.com/robot/send?access_token=…</c>.
    /// Required. Plain http is accepted only for a test server on loopback.
    /// </summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The robot's 加签 secret (<c>SEC…</c>), when the robot uses signing; <see langword="null"/> or empty when it does not.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// A name for this robot in metrics (the tag <c>dingtalk.robot</c>) and health reports. Default: <c>webhook-</c>
    /// and the first 8 hex digits of the SHA-256 of the access token, which tells robots apart without revealing it.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// The robot's custom keywords, when it uses them. DingTalk rejects a message that contains none of them, so the
    /// client appends the first one to a message that lacks all.
    /// </summary>
    public IList<string> Keywords { get; set; } = new List<string>();

    /// <summary>
    /// The most messages sent to the robot in any rolling minute: at most 20, since DingTalk throttles a robot for 10
    /// minutes after 20 (only a test server on loopback, such as the emulator, may be given more, up to 1000). Default: 20.
    /// </summary>
    public int MessagesPerMinute { get; set; } = MaxMessagesPerMinute;

    /// <summary>How long nothing is sent to the robot after DingTalk says it is throttled (errcode 130101 or 410100). Default: 10 minutes.</summary>
    public TimeSpan ThrottlePenalty { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one HTTP attempt may take before it is abandoned (and retried). Default: 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="DingTalkRobotClient.SendAsync(DingTalkMessage, CancellationToken)"/> keeps retrying a passing failure. Default: 1 minute.</summary>
    public TimeSpan RetryTimeLimit { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Fleet mode, set from <see cref="Digest.DingTalkDigestOptions.Fleet"/>: the budget is shared through Redis by every
    /// replica. Internal for now: the digest options are where users turn it on.
    /// </summary>
    internal DingTalkFleetOptions? Fleet { get; set; }

    /// <summary>
    /// Checks the options, throwing an exception whose message says what to fix (and never repeats the URL or secret).
    /// </summary>
    /// <exception cref="ArgumentException">The webhook is missing or malformed, or the secret or a keyword is unusable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit or duration is out of range.</exception>
    public void Validate() => _ = ValidateAndParse();

    /// <summary>Describes the options by the webhook's host alone: no token, no secret.</summary>
    public override string ToString()
    {
        var keywordCount = Keywords?.Count ?? 0;
        return string.Format(
            CultureInfo.InvariantCulture,
            "DingTalk robot at {0} ({1}, {2} keyword(s), {3} messages/minute)",
            DingTalkWebhook.DescribeHost(WebhookUrl),
            string.IsNullOrEmpty(Secret) ? "unsigned" : "signed",
            keywordCount,
            MessagesPerMinute);
    }

    /// <summary>Validates the options and returns the parsed webhook.</summary>
    internal DingTalkWebhook ValidateAndParse()
    {
        var webhook = DingTalkWebhook.Parse(WebhookUrl);

        if (Secret is { Length: > 0 } secret && secret.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException(
                $"{nameof(Secret)} contains whitespace; copy the robot's 加签 secret (it starts with SEC) exactly, without spaces or line breaks.",
                nameof(Secret));
        }

        if (Keywords is not null && Keywords.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException(
                $"{nameof(Keywords)} contains an empty keyword; list the robot's custom keywords exactly as configured in the robot's security settings.",
                nameof(Keywords));
        }

        if (MessagesPerMinute <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MessagesPerMinute),
                MessagesPerMinute,
                $"{nameof(MessagesPerMinute)} must be positive; DingTalk allows 20 messages a minute per robot.");
        }

        // More than DingTalk allows would not send more: it would get the robot throttled for 10 minutes. A test
        // server on loopback (the emulator) may be configured with a budget of its own.
        if (webhook.IsLoopback && MessagesPerMinute > MaxMessagesPerMinuteOnLoopback)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MessagesPerMinute),
                MessagesPerMinute,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} must be at most {1} for a test server on loopback; got {2}.",
                    nameof(MessagesPerMinute),
                    MaxMessagesPerMinuteOnLoopback,
                    MessagesPerMinute));
        }

        if (MessagesPerMinute > MaxMessagesPerMinute && !webhook.IsLoopback)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MessagesPerMinute),
                MessagesPerMinute,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} must be at most {1}; got {2}. DingTalk throttles a robot for 10 minutes once it gets more than {1} messages in a minute; to send more, add a second robot to the group.",
                    nameof(MessagesPerMinute),
                    MaxMessagesPerMinute,
                    MessagesPerMinute));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Timeout),
                Timeout,
                $"{nameof(Timeout)} (per HTTP attempt) must be positive, such as 00:00:10.");
        }

        if (ThrottlePenalty < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ThrottlePenalty),
                ThrottlePenalty,
                $"{nameof(ThrottlePenalty)} must not be negative; DingTalk's penalty is 10 minutes (00:10:00).");
        }

        if (RetryTimeLimit < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(RetryTimeLimit),
                RetryTimeLimit,
                $"{nameof(RetryTimeLimit)} must not be negative; zero means a single attempt.");
        }

        if (Fleet is { IsEnabled: true } fleet)
        {
            fleet.Validate();

            // At start-up, not at the first send: a missing package is a configuration error like the others.
            _ = FleetBudgets.GetFactory();
        }

        return webhook;
    }

    /// <summary>A copy, so that later changes to these options don't affect a client created with them.</summary>
    internal DingTalkRobotOptions Clone() => new()
    {
        WebhookUrl = WebhookUrl,
        Secret = Secret,
        Name = Name,
        Keywords = Keywords is null ? new List<string>() : new List<string>(Keywords),
        MessagesPerMinute = MessagesPerMinute,
        ThrottlePenalty = ThrottlePenalty,
        Timeout = Timeout,
        RetryTimeLimit = RetryTimeLimit,
        Fleet = Fleet?.Clone(),
    };
}
