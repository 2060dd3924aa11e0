using DingTalk.Robot.Fleet;
using StackExchange.Redis;

namespace DingTalk.Robot.Redis;

/// <summary>
/// Says why a Redis call failed in one short line with no secret: the exception's type and message, with the
/// connection string's password and user masked (StackExchange.Redis leaves them out, this is the second line of
/// defence) and cut to a readable length.
/// </summary>
internal sealed class RedisErrorText
{
    private const int MaxLength = 300;
    private readonly string[] _secrets;

    public RedisErrorText(string? connectionString)
        => _secrets = RedisConnectionText.Secrets(connectionString).OrderByDescending(s => s.Length).ToArray();

    public string Describe(Exception exception)
    {
        var kind = exception switch
        {
            TimeoutException or RedisTimeoutException => "no answer in time",
            RedisConnectionException => "cannot connect",
            _ => exception.GetType().Name,
        };

        return kind + ": " + Redact(exception.Message);
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***");
        }

        return text.Length <= MaxLength ? text : text.Substring(0, MaxLength) + "…";
    }
}
