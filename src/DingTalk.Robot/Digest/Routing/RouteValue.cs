using System.Globalization;

namespace DingTalk.Robot.Digest.Routing;

/// <summary>
/// Compares a property's value with a route's text without allocating on the logging call: a string as it is
/// (ordinal), a number or GUID as the invariant culture writes it (into a stack buffer),
/// <see cref="bool"/> as <c>true</c>/<c>false</c>, case ignored. Anything else never matches: calling an application's
/// <c>ToString</c> on the logging thread could be slow or throw.
/// </summary>
internal static class RouteValue
{
    public static bool Matches(object? value, string expected)
    {
        switch (value)
        {
            case null:
                return false;
            case string text:
                return string.Equals(text, expected, StringComparison.Ordinal);
            case bool flag:
                return string.Equals(flag ? "true" : "false", expected, StringComparison.OrdinalIgnoreCase);
            case Enum:
                // An enum's name needs its ToString; enums are the application's, but their ToString is the runtime's.
                return string.Equals(value.ToString(), expected, StringComparison.Ordinal);
#if NET6_0_OR_GREATER
            case ISpanFormattable formattable when IsRuntimeValue(value):
                Span<char> buffer = stackalloc char[64];
                return formattable.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture)
                       && buffer.Slice(0, written).SequenceEqual(expected.AsSpan());
#else
            // netstandard2.0 has no span formatting: the text is made (an allocation, only when a route asks).
            case IFormattable formattable when IsRuntimeValue(value):
                return string.Equals(formattable.ToString(null, CultureInfo.InvariantCulture), expected, StringComparison.Ordinal);
#endif
            default:
                return false;
        }
    }

    // The runtime's own values: their formatting is known to be quick and not to throw.
    private static bool IsRuntimeValue(object value)
        => value is int or long or short or byte or uint or ulong or ushort or sbyte or decimal or double or float or Guid;
}
