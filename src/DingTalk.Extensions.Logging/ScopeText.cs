using System.Globalization;
using System.Text;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// A logging scope as the digest shows it. A scope whose type says nothing in <c>ToString()</c> but holds pairs — a
/// <c>Dictionary&lt;string, object&gt;</c>, the most common structured scope — is shown as its pairs
/// (<c>OrderId=42, Customer="Ada \"A\" L."</c>), bounded in count and length; any other scope (a template scope,
/// a string) as its <c>ToString()</c>. Strings are quoted with <c>\"</c>, <c>\\</c> and line breaks escaped, so a value
/// cannot pass for another pair; markdown is escaped later, with the rest of the digest.
/// </summary>
internal static class ScopeText
{
    internal const int MaxPairs = 12;
    internal const int MaxValueChars = 120;
    internal const int MaxChars = 1000;

    public static string Render(object? scope)
    {
        string text;
        try
        {
            text = scope?.ToString() ?? "null";
        }
        catch (Exception ex)
        {
            return "<" + ex.GetType().Name + " in ToString>";
        }

        // A type that does not override ToString() returns its type name: nothing a person can read.
        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && text == scope.GetType().ToString())
        {
            try
            {
                return Pairs(pairs);
            }
            catch (Exception ex)
            {
                return "<" + ex.GetType().Name + " while reading the scope's pairs>";
            }
        }

        return text;
    }

    private static string Pairs(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var text = new StringBuilder();
        var shown = 0;
        var more = 0;
        foreach (var pair in pairs)
        {
            if (shown == MaxPairs || text.Length >= MaxChars)
            {
                more++;
                continue;
            }

            if (shown > 0)
            {
                text.Append(", ");
            }

            text.Append(pair.Key).Append('=');
            Value(text, pair.Value);
            shown++;
        }

        if (text.Length > MaxChars)
        {
            text.Length = MaxChars;
            text.Append('…');
        }

        if (more > 0)
        {
            text.Append(", … ").Append(more.ToString(CultureInfo.InvariantCulture)).Append(" more");
        }

        return text.ToString();
    }

    private static void Value(StringBuilder text, object? value)
    {
        string rendered;
        bool quoted;
        try
        {
            (rendered, quoted) = value switch
            {
                null => ("null", false),
                string s => (s, true),
                IFormattable f => (f.ToString(null, CultureInfo.InvariantCulture) ?? "null", false),
                _ => (value.ToString() ?? "null", true),
            };
        }
        catch (Exception ex)
        {
            text.Append('<').Append(ex.GetType().Name).Append(" in ToString>");
            return;
        }

        var truncated = rendered.Length > MaxValueChars;
        if (truncated)
        {
            rendered = rendered.Substring(0, MaxValueChars);
        }

        if (quoted)
        {
            text.Append('"');
        }

        foreach (var c in rendered)
        {
            switch (c)
            {
                case '"' when quoted:
                    text.Append("\\\"");
                    break;
                case '\\' when quoted:
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        if (truncated)
        {
            text.Append('…');
        }

        if (quoted)
        {
            text.Append('"');
        }
    }
}
