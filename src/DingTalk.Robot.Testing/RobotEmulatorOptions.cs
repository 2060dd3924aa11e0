using System.Collections.ObjectModel;
using System.Globalization;
using System.Security.Cryptography;

namespace DingTalk.Robot.Testing;

/// <summary>
/// How a <see cref="RobotEmulator"/> behaves: the robot's credentials and security settings, and the limits it
/// enforces. The defaults are DingTalk's: 20 messages a minute, a 10-minute throttle, 20000-byte bodies and
/// timestamps within one hour.
/// </summary>
/// <remarks>
/// <see cref="RobotEmulator.StartAsync"/> takes a validated copy: changing this instance afterwards does not
/// affect a running emulator, and the copy exposed by <see cref="RobotEmulator.Options"/> cannot be changed.
/// <see cref="ToString"/> never shows the access token or the secret.
/// </remarks>
public sealed class RobotEmulatorOptions
{
    private string _accessToken = RandomNumberGenerator.GetHexString(64, lowercase: true);
    private string? _secret;
    private IList<string> _keywords = new List<string>();
    private int _messagesPerMinute = 20;
    private TimeSpan _throttlePenalty = TimeSpan.FromMinutes(10);
    private int _maxBodyBytes = 20000;
    private TimeSpan _maxClockSkew = TimeSpan.FromHours(1);
    private TimeProvider _timeProvider = TimeProvider.System;
    private bool _frozen;

    /// <summary>
    /// The robot's <c>access_token</c>, which must appear in the query string of every request.
    /// Defaults to a random 64-character lower-case hexadecimal token, like DingTalk's.
    /// </summary>
    public string AccessToken
    {
        get => _accessToken;
        set => Set(ref _accessToken, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// The signing secret (DingTalk's look like <c>SEC…</c>), or <see langword="null"/> (the default) for a robot
    /// without signing. When set, every request must carry <c>timestamp</c> and <c>sign</c> query parameters, with
    /// <c>sign</c> = URL-encode(Base64(HMAC-SHA256(key: UTF-8(secret), data: UTF-8(timestamp + "\n" + secret)))).
    /// </summary>
    public string? Secret
    {
        get => _secret;
        set => Set(ref _secret, value);
    }

    /// <summary>
    /// The robot's custom keywords. When not empty, a message is refused with errcode 310000 "keywords not in content"
    /// unless its text contains at least one of them (ordinal, case-sensitive): <c>text.content</c>,
    /// <c>markdown.text</c> (not the title), the title or text of a link or actionCard, or a feedCard link's title.
    /// Empty by default.
    /// </summary>
    public IList<string> Keywords
    {
        get => _keywords;
        set => Set(ref _keywords, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// How many messages the robot accepts in any rolling 60-second window: a message arriving when this many were
    /// accepted in the last 60 seconds (an instant exactly 60 s ago no longer counts) is refused with errcode 130101
    /// and starts the <see cref="ThrottlePenalty"/>. Rejected requests and duplicates do not count. Defaults to 20.
    /// </summary>
    public int MessagesPerMinute
    {
        get => _messagesPerMinute;
        set => Set(ref _messagesPerMinute, value);
    }

    /// <summary>
    /// How long the robot stays throttled once <see cref="MessagesPerMinute"/> is exceeded: until it ends, every
    /// request with a valid token is answered with errcode 130101. Defaults to 10 minutes.
    /// </summary>
    public TimeSpan ThrottlePenalty
    {
        get => _throttlePenalty;
        set => Set(ref _throttlePenalty, value);
    }

    /// <summary>
    /// The largest request body accepted, in bytes (UTF-8 bytes as sent, not characters); a larger body is refused
    /// with errcode 460101. Defaults to 20000.
    /// </summary>
    public int MaxBodyBytes
    {
        get => _maxBodyBytes;
        set => Set(ref _maxBodyBytes, value);
    }

    /// <summary>
    /// How far a signed request's <c>timestamp</c> may be from the emulator's clock (<see cref="TimeProvider"/>)
    /// before it is refused with errcode 310000 "invalid timestamp". Defaults to one hour.
    /// </summary>
    public TimeSpan MaxClockSkew
    {
        get => _maxClockSkew;
        set => Set(ref _maxClockSkew, value);
    }

    /// <summary>
    /// The clock behind every time decision: the rate window, the throttle, the timestamp check, arrival times and
    /// <see cref="RobotFault.Delay"/>. Use a fake one (Microsoft.Extensions.TimeProvider.Testing) to test rate limits
    /// without waiting. Defaults to <see cref="System.TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => Set(ref _timeProvider, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Describes the settings, without the access token or the secret.</summary>
    /// <returns>A one-line description, safe to log.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"RobotEmulatorOptions {{ Signed = {(_secret is null ? "no" : "yes")}, Keywords = [{string.Join(", ", _keywords)}], " +
        $"MessagesPerMinute = {_messagesPerMinute}, ThrottlePenalty = {_throttlePenalty}, MaxBodyBytes = {_maxBodyBytes}, " +
        $"MaxClockSkew = {_maxClockSkew} }}");

    /// <summary>Validates these options and returns a copy that cannot be changed.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it, never its value.</exception>
    internal RobotEmulatorOptions ToFrozenCopy()
    {
        Require(!string.IsNullOrWhiteSpace(_accessToken), "AccessToken must not be empty.");
        Require(_secret is null || _secret.Length > 0, "Secret must be null (no signing) or not empty.");
        Require(_keywords.All(k => !string.IsNullOrEmpty(k)), "Keywords must not contain null or empty entries.");
        Require(_messagesPerMinute >= 1, "MessagesPerMinute must be at least 1.");
        Require(_throttlePenalty >= TimeSpan.Zero, "ThrottlePenalty must not be negative.");
        Require(_maxBodyBytes >= 1, "MaxBodyBytes must be at least 1.");
        Require(_maxClockSkew >= TimeSpan.Zero, "MaxClockSkew must not be negative.");

        return new RobotEmulatorOptions
        {
            _accessToken = _accessToken,
            _secret = _secret,
            _keywords = new ReadOnlyCollection<string>(_keywords.ToArray()),
            _messagesPerMinute = _messagesPerMinute,
            _throttlePenalty = _throttlePenalty,
            _maxBodyBytes = _maxBodyBytes,
            _maxClockSkew = _maxClockSkew,
            _timeProvider = _timeProvider,
            _frozen = true,
        };

        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException("Invalid RobotEmulatorOptions: " + message, "options");
            }
        }
    }

    private void Set<T>(ref T field, T value)
    {
        if (_frozen)
        {
            throw new InvalidOperationException(
                "The options of a started RobotEmulator cannot be changed: start another emulator with new options.");
        }

        field = value;
    }
}
