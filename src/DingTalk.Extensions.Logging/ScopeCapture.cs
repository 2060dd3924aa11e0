using DingTalk.Robot.Digest;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// The logging scopes of one call, read on the calling thread (a scope may change or end as soon as the call returns):
/// a structured scope (<c>BeginScope(new Dictionary&lt;string, object&gt; { … })</c>, ASP.NET Core's
/// <c>RequestPath</c>/<c>RequestId</c>) gives properties, chosen as the state's are; any other scope gives its text.
/// The scope the logger factory adds for <c>ActivityTrackingOptions</c> (<c>SpanId:…, TraceId:…, ParentId:…</c>) is left
/// out: the event's trace is taken from <c>Activity.Current</c> itself.
/// </summary>
internal sealed class ScopeCapture
{
    private const int MaxScopes = 8;
    private const string OriginalFormatKey = "{OriginalFormat}";

    // The keys of the logger factory's activity scope (Microsoft.Extensions.Logging's ActivityTrackingOptions).
    private static readonly HashSet<string> ActivityKeys = new(StringComparer.Ordinal) { "SpanId", "TraceId", "ParentId", "TraceState", "TraceFlags" };

    [ThreadStatic]
    private static ScopeCapture? t_collector;

    private readonly List<string> _texts = new(MaxScopes);
    private readonly List<KeyValuePair<string, string>> _properties = new();
    private readonly List<KeyValuePair<string, string>> _linkValues = new();
    private PropertySelection _selection = PropertySelection.Default;

    private ScopeCapture()
    {
    }

    /// <summary>The scopes given as text, outermost first.</summary>
    public string[]? Texts { get; private set; }

    /// <summary>The properties of structured scopes that may be shown, at most the maximum.</summary>
    public KeyValuePair<string, string>[]? Properties { get; private set; }

    /// <summary>The values of scope properties the links use.</summary>
    public KeyValuePair<string, string>[]? LinkValues { get; private set; }

    /// <summary>Reads the current scopes; <see langword="null"/> when there are none (no allocation then).</summary>
    public static ScopeCapture? Read(Microsoft.Extensions.Logging.IExternalScopeProvider? provider, PropertySelection selection)
    {
        if (provider is null)
        {
            return null;
        }

        // Taken, not borrowed: a scope's ToString that logs re-enters here and must not share the collector.
        var collector = t_collector ?? new ScopeCapture();
        t_collector = null;
        try
        {
            collector._selection = selection;
            provider.ForEachScope(static (scope, c) => c.Add(scope), collector);
            if (collector._texts.Count == 0 && collector._properties.Count == 0 && collector._linkValues.Count == 0)
            {
                return null;
            }

            return new ScopeCapture
            {
                Texts = collector._texts.Count == 0 ? null : collector._texts.ToArray(),
                Properties = collector._properties.Count == 0 ? null : collector._properties.ToArray(),
                LinkValues = collector._linkValues.Count == 0 ? null : collector._linkValues.ToArray(),
            };
        }
        finally
        {
            collector._texts.Clear();
            collector._properties.Clear();
            collector._linkValues.Clear();
            t_collector = collector;
        }
    }

    private void Add(object? scope)
    {
        if (scope is IReadOnlyList<KeyValuePair<string, object?>> pairs && IsStructured(pairs, out var isActivity))
        {
            if (!isActivity)
            {
                try
                {
                    AddProperties(pairs);
                }
                catch (Exception)
                {
                    // A list whose indexer throws part-way: what was read is kept, the rest is lost, never the event.
                }
            }

            return;
        }

        if (_texts.Count < MaxScopes)
        {
            _texts.Add(PropertyText.Of(scope));
        }
    }

    private void AddProperties(IReadOnlyList<KeyValuePair<string, object?>> pairs)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            if (_selection.NeedsForLinks(pair.Key))
            {
                _linkValues.Add(new(pair.Key, PropertyText.Of(pair.Value)));
            }

            if (_properties.Count < _selection.Max && _selection.IsShown(pair.Key))
            {
                _properties.Add(new(pair.Key, PropertyText.Of(pair.Value)));
            }
        }
    }

    // A list of pairs with no template is a scope of properties; one with a template ("Order {OrderId}") reads best as
    // its text. Reading the pairs of a user's list may throw: it is then shown as text (which is guarded).
    private static bool IsStructured(IReadOnlyList<KeyValuePair<string, object?>> pairs, out bool isActivity)
    {
        isActivity = false;
        try
        {
            var count = pairs.Count;
            var allActivity = count > 0;
            for (var i = 0; i < count; i++)
            {
                var key = pairs[i].Key;
                if (key == OriginalFormatKey)
                {
                    return false;
                }

                allActivity &= key is not null && ActivityKeys.Contains(key);
            }

            isActivity = allActivity;
            return count > 0;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
