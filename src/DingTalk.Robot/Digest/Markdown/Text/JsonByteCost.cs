using System.Globalization;

namespace DingTalk.Robot.Digest.Markdown.Text;

/// <summary>
/// Estimates how many bytes a character takes in the JSON body as <c>DingTalkMessageWriter</c> writes it (UTF-8 with
/// <c>UnsafeRelaxedJsonEscaping</c>): 1–3 bytes for ordinary text, 2 for <c>\"</c> <c>\\</c> <c>\n</c>, and 6 for a
/// <c>\uXXXX</c> escape, which the encoder uses for controls, unassigned and private-use code points, non-ASCII spaces,
/// line/paragraph separators, U+FEFF and each half of a surrogate pair (an emoji costs 12 bytes).
/// </summary>
/// <remarks>
/// The estimate errs high where the encoder's Unicode tables might differ from the runtime's (format characters
/// count 6); the formatter plans with it and then measures the real body, so an error costs a re-plan, never an
/// oversized body.
/// </remarks>
internal static class JsonByteCost
{
    /// <summary>The estimated bytes of <paramref name="c"/>.</summary>
    public static int Of(char c)
    {
        if (c < 0x80)
        {
            if (c >= 0x20 && c != 0x7F)
            {
                return c == '"' || c == '\\' ? 2 : 1;
            }

            return c is '\n' or '\r' or '\t' or '\b' or '\f' ? 2 : 6;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.OtherNotAssigned:
            case UnicodeCategory.PrivateUse:
            case UnicodeCategory.Surrogate:
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
                return 6;
            default:
                return c < 0x800 ? 2 : 3;
        }
    }

    /// <summary>The estimated bytes of <paramref name="s"/>.</summary>
    public static int Of(string? s)
    {
        if (s is null)
        {
            return 0;
        }

        var total = 0;
        foreach (var c in s)
        {
            total += Of(c);
        }

        return total;
    }
}
