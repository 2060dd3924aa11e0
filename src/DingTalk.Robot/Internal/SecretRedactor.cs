using System.Text;

namespace DingTalk.Robot.Internal;

/// <summary>
/// Masks the credentials of one robot — the access_token, the secret and any sign — in text that leaves the client
/// (result messages, exception messages, descriptions). Both the plain and the URL-encoded forms are masked, because
/// an exception can quote either; and any <c>access_token=</c> or <c>sign=</c> query value is masked whatever it is,
/// as a second line of defence for a URL quoted whole.
/// </summary>
internal sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private static readonly string[] SensitiveParameters = { "access_token=", "sign=" };

    private readonly string[] _secrets;

    /// <summary>Creates a redactor for the given credentials; <see langword="null"/> or empty ones are ignored.</summary>
    public SecretRedactor(params string?[] secrets)
        => _secrets = ExpandForms(secrets);

    /// <summary>Returns <paramref name="text"/> with every credential (and <paramref name="sign"/>, when given) masked.</summary>
    public string Redact(string? text, string? sign = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = text!;
        if (sign is not null)
        {
            foreach (var form in ExpandForms(new[] { sign }))
            {
                result = ReplaceIgnoringCase(result, form);
            }
        }

        foreach (var secret in _secrets)
        {
            result = ReplaceIgnoringCase(result, secret);
        }

        return MaskSensitiveParameters(result);
    }

    // Longest first, so that a form containing another is masked whole.
    private static string[] ExpandForms(IEnumerable<string?> values)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            forms.Add(value!);
            forms.Add(Uri.EscapeDataString(value!));
            forms.Add(TryUnescape(value!));
        }

        var ordered = forms.Where(static f => f.Length > 0).ToArray();
        Array.Sort(ordered, static (a, b) => b.Length.CompareTo(a.Length));
        return ordered;
    }

    private static string TryUnescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value);
        }
        catch (UriFormatException)
        {
            return value;
        }
    }

    // Case-insensitive because percent-encoding may use either %2b or %2B; over-masking is harmless.
    private static string ReplaceIgnoringCase(string text, string secret)
    {
        var index = text.IndexOf(secret, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var start = 0;
        while (index >= 0)
        {
            builder.Append(text, start, index - start).Append(Mask);
            start = index + secret.Length;
            index = text.IndexOf(secret, start, StringComparison.OrdinalIgnoreCase);
        }

        return builder.Append(text, start, text.Length - start).ToString();
    }

    private static string MaskSensitiveParameters(string text)
    {
        foreach (var parameter in SensitiveParameters)
        {
            var index = text.IndexOf(parameter, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                continue;
            }

            var builder = new StringBuilder(text.Length);
            var start = 0;
            while (index >= 0)
            {
                var valueStart = index + parameter.Length;
                var valueEnd = valueStart;
                while (valueEnd < text.Length && !EndsQueryValue(text[valueEnd]))
                {
                    valueEnd++;
                }

                builder.Append(text, start, valueStart - start);
                if (valueEnd > valueStart)
                {
                    builder.Append(Mask);
                }

                start = valueEnd;
                index = text.IndexOf(parameter, valueEnd, StringComparison.OrdinalIgnoreCase);
            }

            text = builder.Append(text, start, text.Length - start).ToString();
        }

        return text;
    }

    private static bool EndsQueryValue(char c) => c is '&' or '#' or '"' or '\'' or '<' or '>' or ')' or ']' || char.IsWhiteSpace(c);
}
