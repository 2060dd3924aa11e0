using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DingTalk.Testing.Shared.Reliability;

/// <summary>
/// Looks for a robot's credentials in text a user can see: the access token and the secret, raw and URL-encoded, and
/// every sign that was (or would have been) sent, URL-encoded as in the request and as raw Base64.
/// </summary>
internal static class SecretScan
{
    /// <summary>The sign the client computes for <paramref name="timestamp"/>: URL-encode(Base64(HMAC-SHA256(secret, ts + "\n" + secret))).</summary>
    public static string Sign(string secret, long timestamp)
    {
        var data = timestamp.ToString(CultureInfo.InvariantCulture) + "\n" + secret;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(data));
        return Uri.EscapeDataString(Convert.ToBase64String(mac));
    }

    /// <summary>Every form of every credential that must not appear anywhere.</summary>
    public static IReadOnlyList<string> Forms(string accessToken, string? secret, IEnumerable<string>? signs = null)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { accessToken, Uri.EscapeDataString(accessToken) };
        if (!string.IsNullOrEmpty(secret))
        {
            forms.Add(secret);
            forms.Add(Uri.EscapeDataString(secret));
        }

        foreach (var sign in signs ?? [])
        {
            forms.Add(sign);
            forms.Add(Uri.UnescapeDataString(sign));
        }

        return forms.Where(f => f.Length >= 8).ToArray();
    }

    /// <summary>Fails, quoting the text, when any text holds a credential in any form.</summary>
    public static void AssertClean(IEnumerable<string?> texts, string accessToken, string? secret, IEnumerable<string>? signs = null)
    {
        var forms = Forms(accessToken, secret, signs);
        foreach (var text in texts)
        {
            if (text is null)
            {
                continue;
            }

            foreach (var form in forms)
            {
                Assert.False(text.Contains(form, StringComparison.OrdinalIgnoreCase), $"A credential leaked into: {text}");
            }
        }
    }
}
