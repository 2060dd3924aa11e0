namespace DingTalk.Extensions.Logging;

/// <summary>
/// Categories never sent to DingTalk. Before .NET 9, <c>System.Net.Http.HttpClient.*</c> logs whole request URLs —
/// with our access_token and sign in them — and a provider that posts over HttpClient would otherwise also be fed
/// its own requests. Our own diagnostics are written under our own category, and must not loop back either.
/// </summary>
internal static class ExcludedCategories
{
    private static readonly string[] Prefixes =
    {
        "System.Net.Http.HttpClient",
        ProviderDiagnostics.Category,
    };

    public static bool IsExcluded(string category)
    {
        foreach (var prefix in Prefixes)
        {
            if (category.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
