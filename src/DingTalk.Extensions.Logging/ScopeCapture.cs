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

    // A scope of properties longer than this is read that far: a scope is a handful of values, not a collection.
    private const int MaxPairs = 64;
    private const string OriginalFormatKey = "{OriginalFormat}";

    // The keys of the logger factory's activity scope (Microsoft.Extensions.Logging's ActivityTrackingOptions).
    private static readonly HashSet<string> ActivityKeys = new(StringComparer.Ordinal) { "SpanId", "TraceId", "ParentId", "TraceState", "TraceFlags" };

    [ThreadStatic]
    private static ScopeCapture? t_collector;

    private readonly List<string> _texts = new(MaxScopes);
    private readonly List<KeyValuePair<string, string>> _properties = new();
    private readonly List<KeyValuePair<string, string>> _linkValues = new();
    private readonly List<KeyValuePair<string, object?>> _pairs = new();
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
        // ASP.NET Core's scopes are lists of pairs; BeginScope(new Dictionary<string, object> { … }) is a common idiom.
        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && ReadPairs(pairs) is { } isActivity)
        {
            if (!isActivity)
            {
                AddProperties(_pairs);
            }

            _pairs.Clear();
            return;
        }

        _pairs.Clear();
        if (_texts.Count < MaxScopes)
        {
            _texts.Add(PropertyText.Of(scope));
        }
    }

    private void AddProperties(List<KeyValuePair<string, object?>> pairs)
    {
        foreach (var pair in pairs)
        {
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

    // Reads the pairs into _pairs: whether they are the activity scope (true), properties (false), or a scope that reads
    // best as its text (null): one with a template ("Order {OrderId}"), an empty one, or one whose enumeration throws
    // (user code; its text is guarded).
    private bool? ReadPairs(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        try
        {
            var allActivity = true;
            foreach (var pair in pairs)
            {
                if (pair.Key == OriginalFormatKey)
                {
                    return null;
                }

                if (string.IsNullOrEmpty(pair.Key))
                {
                    continue;
                }

                allActivity &= ActivityKeys.Contains(pair.Key);
                _pairs.Add(pair);
                if (_pairs.Count == MaxPairs)
                {
                    break;
                }
            }

            return _pairs.Count == 0 ? null : allActivity;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
