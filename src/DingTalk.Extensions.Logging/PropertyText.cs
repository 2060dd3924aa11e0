using System.Globalization;

namespace DingTalk.Extensions.Logging;

/// <summary>A value as the digest shows it, never throwing.</summary>
internal static class PropertyText
{
    /// <summary>
    /// <c>ToString()</c>, or for a deferred value (immutable, culture-sensitive at most) <c>ToString()</c> as the calling
    /// thread would have done it: <c>ToString(null, its culture)</c>.
    /// </summary>
    public static string Of(object? value, CultureInfo? culture = null)
    {
        try
        {
            return value is IFormattable formattable && culture is not null
                ? formattable.ToString(null, culture) ?? "null"
                : value?.ToString() ?? "null";
        }
        catch (Exception ex)
        {
            return "<" + ex.GetType().Name + " in ToString>";
        }
    }
}
