using DingTalk.Robot.Digest.Routing;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// A route's look into the logging scopes for a property the message itself does not have: the scopes that are lists
/// of pairs (<c>BeginScope(new Dictionary&lt;string, object&gt; { … })</c>, ASP.NET Core's request scopes, a template
/// scope's values, the logger factory's activity scope), the innermost one that has the key deciding. Asked only by a
/// route with properties, on the logging call; it allocates nothing for lists and dictionaries of pairs.
/// </summary>
internal sealed class ScopeRouteLookup
{
    // As ScopeCapture reads a scope: a scope is a handful of values, not a collection.
    private const int MaxPairs = 64;

    [ThreadStatic]
    private static ScopeRouteLookup? t_lookup;

    private string _name = string.Empty;
    private string _expected = string.Empty;

    // What the innermost scope seen so far that has the key says; null while none has it.
    private bool? _matches;

    private ScopeRouteLookup()
    {
    }

    /// <summary>Whether the innermost scope with a property <paramref name="name"/> has it read as <paramref name="expected"/>.</summary>
    public static bool Has(IExternalScopeProvider provider, string name, string expected)
    {
        // Taken, not borrowed: a scope's enumeration that logs re-enters here and must not share the lookup.
        var lookup = t_lookup ?? new ScopeRouteLookup();
        t_lookup = null;
        try
        {
            lookup._name = name;
            lookup._expected = expected;
            lookup._matches = null;

            // Scopes come outermost first (the activity scope before them all): a later one that has the key wins.
            provider.ForEachScope(static (scope, l) => l.Visit(scope), lookup);
            return lookup._matches == true;
        }
        catch (Exception)
        {
            // Another scope provider than the logger factory's is user code: nothing may reach the application.
            return false;
        }
        finally
        {
            lookup._name = string.Empty;
            lookup._expected = string.Empty;
            t_lookup = lookup;
        }
    }

    private void Visit(object? scope)
    {
        try
        {
            switch (scope)
            {
                // ASP.NET Core's scopes and MEL's template scopes are lists: read by index, no enumerator.
                case IReadOnlyList<KeyValuePair<string, object?>> list:
                    for (var i = 0; i < list.Count && i < MaxPairs; i++)
                    {
                        if (Decides(list[i]))
                        {
                            return;
                        }
                    }

                    return;
                case Dictionary<string, object?> dictionary:
                    // Its own enumerator is a struct; its keys are compared as the state's are (ordinal), whatever its comparer.
                    var read = 0;
                    foreach (var pair in dictionary)
                    {
                        if (Decides(pair) || ++read == MaxPairs)
                        {
                            return;
                        }
                    }

                    return;
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    var count = 0;
                    foreach (var pair in pairs)
                    {
                        if (Decides(pair) || ++count == MaxPairs)
                        {
                            return;
                        }
                    }

                    return;
            }
        }
        catch (Exception)
        {
            // A scope whose enumeration throws (user code) is skipped: it neither matches nor hides an outer scope's value.
        }
    }

    // The first pair of a scope with the key decides for that scope, as the state's first does for the message.
    private bool Decides(KeyValuePair<string, object?> pair)
    {
        if (!string.Equals(pair.Key, _name, StringComparison.Ordinal))
        {
            return false;
        }

        _matches = RouteValue.Matches(pair.Value, _expected);
        return true;
    }
}
