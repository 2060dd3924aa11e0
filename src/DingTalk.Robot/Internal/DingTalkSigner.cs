using System.Globalization;
using System.Security.Cryptography;
using System.Text;
#if NET8_0_OR_GREATER
using System.Buffers;
using System.Buffers.Text;
#endif

namespace DingTalk.Robot.Internal;

/// <summary>
/// DingTalk's 加签 (request signing): <c>sign = URL-encode(Base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)))</c>,
/// and the request URL that carries it. The signature is only valid for an hour around its timestamp, so it is computed
/// afresh for every attempt and the URL is always rebuilt from the configured webhook (never from a previous request URL,
/// which is how another client grew its URL until "URI too large").
/// </summary>
internal static class DingTalkSigner
{
    // A SHA-256 digest is 32 bytes, whose Base64 is 44 characters; URL-encoding at most triples that.
    private const int HashLength = 32;
    private const int Base64Length = 44;

    // Secrets are ~67 ASCII characters; anything up to this works on the stack, longer ones rent.
    private const int StackBufferLength = 512;

    /// <summary>Computes the URL-encoded <c>sign</c> for <paramref name="timestampMilliseconds"/> and <paramref name="secret"/>.</summary>
    public static string ComputeSign(long timestampMilliseconds, string secret)
    {
#if NET8_0_OR_GREATER
        var keyLength = Encoding.UTF8.GetByteCount(secret);

        // One buffer holds the key and the data to sign (timestamp digits, '\n', the key again).
        var needed = (keyLength * 2) + 21;
        byte[]? rented = null;
        var buffer = needed <= StackBufferLength
            ? stackalloc byte[StackBufferLength]
            : (rented = ArrayPool<byte>.Shared.Rent(needed));
        try
        {
            var key = buffer[..keyLength];
            Encoding.UTF8.GetBytes(secret, key);

            var data = buffer[keyLength..];
            Utf8Formatter.TryFormat(timestampMilliseconds, data, out var written);
            data[written++] = (byte)'\n';
            key.CopyTo(data[written..]);
            written += keyLength;

            Span<byte> hash = stackalloc byte[HashLength];
            HMACSHA256.HashData(key, data[..written], hash);

            Span<char> base64 = stackalloc char[Base64Length];
            Convert.TryToBase64Chars(hash, base64, out var base64Length);
            return UrlEncodeBase64(base64[..base64Length]);
        }
        finally
        {
            // The buffer held the secret: don't leave it on the stack or in the pool.
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
#else
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var stringToSign = timestampMilliseconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret;
        var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign));
        return UrlEncodeBase64(Convert.ToBase64String(hash).AsSpan());
#endif
    }

    /// <summary>
    /// The URL to post to: <paramref name="webhookUrl"/> as configured, plus <c>&amp;timestamp=…&amp;sign=…</c> when the
    /// robot is signed (<paramref name="secret"/> is not <see langword="null"/>).
    /// </summary>
    /// <param name="webhookUrl">The configured webhook (validated: it has a query holding the access_token).</param>
    /// <param name="secret">The robot's secret, or <see langword="null"/> when the robot does not sign.</param>
    /// <param name="timestampMilliseconds">Unix time in milliseconds, from the client's clock.</param>
    /// <param name="sign">The URL-encoded sign that the URL carries, or <see langword="null"/>; callers redact it from any text.</param>
    public static string BuildRequestUrl(string webhookUrl, string? secret, long timestampMilliseconds, out string? sign)
    {
        if (secret is null)
        {
            sign = null;
            return webhookUrl;
        }

        sign = ComputeSign(timestampMilliseconds, secret);
        var last = webhookUrl[webhookUrl.Length - 1];
        var separator = last is '&' or '?' ? string.Empty : "&";
        return string.Concat(
            webhookUrl,
            separator,
            "timestamp=",
            timestampMilliseconds.ToString(CultureInfo.InvariantCulture),
            "&sign=",
            sign);
    }

    /// <summary>
    /// Percent-encodes the three Base64 characters that are not URL-safe. Forgetting this is the classic bug:
    /// a raw <c>+</c> arrives as a space and DingTalk answers "sign not match" for about half of all timestamps.
    /// </summary>
    private static string UrlEncodeBase64(ReadOnlySpan<char> base64)
    {
        Span<char> encoded = stackalloc char[Base64Length * 3];
        var length = 0;
        foreach (var c in base64)
        {
            switch (c)
            {
                case '+':
                    encoded[length++] = '%';
                    encoded[length++] = '2';
                    encoded[length++] = 'B';
                    break;
                case '/':
                    encoded[length++] = '%';
                    encoded[length++] = '2';
                    encoded[length++] = 'F';
                    break;
                case '=':
                    encoded[length++] = '%';
                    encoded[length++] = '3';
                    encoded[length++] = 'D';
                    break;
                default:
                    encoded[length++] = c;
                    break;
            }
        }

        return encoded.Slice(0, length).ToString();
    }
}
