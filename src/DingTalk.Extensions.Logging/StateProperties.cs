using DingTalk.Robot.Digest.Routing;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// A route's view of a logging call's properties: the message's own values (<c>LogError("… {Team}", team)</c>), read
/// on the call without copying. Scopes are not looked at: reading them costs a walk of the scope stack on every call.
/// </summary>
internal readonly struct StateProperties : IRouteProperties
{
    private readonly IReadOnlyList<KeyValuePair<string, object?>>? _values;

    public StateProperties(IReadOnlyList<KeyValuePair<string, object?>>? values) => _values = values;

    public bool Has(string name, string value)
    {
        if (_values is null)
        {
            return false;
        }

        for (var i = 0; i < _values.Count; i++)
        {
            var pair = _values[i];
            if (string.Equals(pair.Key, name, StringComparison.Ordinal))
            {
                return RouteValue.Matches(pair.Value, value);
            }
        }

        return false;
    }
}
