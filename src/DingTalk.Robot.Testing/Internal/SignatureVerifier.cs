using System.Security.Cryptography;
using System.Text;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>DingTalk's request signature: Base64(HMAC-SHA256(key: UTF-8(secret), data: UTF-8(timestamp + "\n" + secret))).</summary>
internal static class SignatureVerifier
{
    /// <summary>The Base64 signature (before URL-encoding) for a timestamp, as sent in the query string.</summary>
    public static string ComputeSign(string secret, string timestamp)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "\n" + secret));
        return Convert.ToBase64String(mac);
    }

    /// <summary>Whether <paramref name="sign"/> (already URL-decoded) is the signature of <paramref name="timestamp"/>.</summary>
    public static bool Matches(string secret, string timestamp, string sign) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(ComputeSign(secret, timestamp)),
            Encoding.UTF8.GetBytes(sign));
}
