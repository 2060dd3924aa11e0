using DingTalk.Robot.Digest.Routing;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// A route's view of a logging call's properties: the message's own values (<c>LogError("… {Team}", team)</c>), read
/// on the call without copying; for a key the message does not have, the logging scopes (<see cref="ScopeRouteLookup"/>,
/// the innermost scope with the key deciding), whether or not <c>IncludeScopes</c> shows them: routing is not display.
/// Only a route with properties asks, so a call that no such route sees never walks the scopes.
/// </summary>
internal readonly struct StateProperties : IRouteProperties
{
    private readonly IReadOnlyList<KeyValuePair<string, object?>>? _values;
    private readonly IExternalScopeProvider? _scopes;

    public StateProperties(IReadOnlyList<KeyValuePair<string, object?>>? values, IExternalScopeProvider? scopes)
    {
        _values = values;
        _scopes = scopes;
    }

    public bool Has(string name, string value)
    {
        if (_values is not null)
        {
            for (var i = 0; i < _values.Count; i++)
            {
                var pair = _values[i];
                if (string.Equals(pair.Key, name, StringComparison.Ordinal))
                {
                    // The message's own value wins over any scope's, matching or not.
                    return RouteValue.Matches(pair.Value, value);
                }
            }
        }

        return _scopes is not null && ScopeRouteLookup.Has(_scopes, name, value);
    }
}
