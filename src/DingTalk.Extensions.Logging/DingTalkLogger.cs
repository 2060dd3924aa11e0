using System.Globalization;
using DingTalk.Robot.Digest;
using Microsoft.Extensions.Logging;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// A logger for one category. <see cref="Log{TState}"/> captures what the digest needs on the calling thread (the
/// state and scopes may not outlive the call), hands it to the engine and returns: it never blocks and never throws
/// (Microsoft.Extensions.Logging would rethrow a provider's exception into the application).
/// </summary>
/// <remarks>
/// Formatting is the expensive part of a call, so it is left to the digest loop when that cannot change the result:
/// the state is one of Microsoft.Extensions.Logging's own structs (<c>LogError(template, args)</c>,
/// <c>LoggerMessage.Define</c>), which format with the invariant culture, and every value is immutable (strings,
/// numbers, dates, GUIDs, enums). The struct is boxed into the queued entry, and its message and properties are
/// rendered (the properties with the caller's culture) only if a digest shows the event; scopes are still read here.
/// Any other state is formatted on the calling thread.
/// </remarks>
internal sealed class DingTalkLogger : ILogger
{
    private const string OriginalFormatKey = "{OriginalFormat}";
    private const string FingerprintKey = "Fingerprint";
    private const int MaxProperties = DingTalkDigestOptions.MaxPropertiesShown;
    private const int MaxScopes = 8;

    [ThreadStatic]
    private static List<string>? t_scopes;

    private readonly string _category;
    private readonly DingTalkLoggerProvider _provider;
    private readonly bool _excluded;

    public DingTalkLogger(string category, DingTalkLoggerProvider provider)
    {
        _category = category;
        _provider = provider;
        _excluded = ExcludedCategories.IsExcluded(category);
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => _provider.ScopeProvider?.Push(state);

    // While a reload has disabled the provider, events are still taken, to be counted as dropped.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && !_excluded && _provider.Accepts(LogLevelMapping.ToDigestLevel(logLevel));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // Read once: a reload may swap the engine during the call, and each read of the field is a volatile one.
        var engine = _provider.CurrentEngine;
        if (_excluded || logLevel == LogLevel.None)
        {
            return;
        }

        if (engine is null)
        {
            _provider.CountDroppedWhileDisabled();
            return;
        }

        // Below every robot's level: nothing is captured (a robot's MinimumLevel can only raise the provider's level).
        var level = LogLevelMapping.ToDigestLevel(logLevel);
        if (level < engine.Lowest)
        {
            return;
        }

        try
        {
            // A struct state (FormattedLogValues, LoggerMessage.Define's) is boxed once here, not once per use.
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var scopes = engine.IncludeScopes ? Scopes() : null;
            if (Deferral<TState>.Allowed && AreImmutable(values))
            {
                // The caller's culture matters only to the properties: not read when they are not shown.
                var culture = engine.IncludeProperties ? CultureInfo.CurrentCulture : null;
                engine.Enqueue(new DeferredEvent<TState>(
                    engine.Now(), level, _category, eventId, values!, exception, formatter, culture, engine.IncludeProperties, scopes),
                    level, _category, values);
                return;
            }

            engine.Enqueue(new FormattedEvent(
                Capture(engine.Now(), level, _category, eventId, values, Format(state, exception, formatter), exception, engine.IncludeProperties, scopes)),
                level, _category, values);
        }
        catch (Exception)
        {
            // Nothing may reach the application. Every call into user code above is guarded on its own, so this
            // only catches what cannot happen today; it stays as the last line of defence.
        }
    }

    // The event as the digest sees it, formatted on the calling thread (a state that cannot be deferred; tests compare
    // a deferred event with it).
    internal static DigestEvent Capture(
        DateTimeOffset timestamp,
        DigestLevel level,
        string category,
        EventId eventId,
        IReadOnlyList<KeyValuePair<string, object?>>? values,
        string message,
        Exception? exception,
        bool includeProperties,
        string[]? scopes)
        => new(timestamp, level, OriginalFormat(values) ?? message, message)
        {
            Source = category,
            Exception = exception,
            EventId = eventId.Id,
            EventName = eventId.Name,
            Properties = includeProperties ? Properties(values, culture: null) : null,
            Scopes = scopes,
        };

    internal static string Format<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            return formatter(state, exception) ?? string.Empty;
        }
        catch (Exception ex)
        {
            return "(the log message could not be formatted: " + ex.GetType().Name + ")";
        }
    }

    // Values whose text cannot change between now and when the loop formats them, whatever the application does next.
    private static bool AreImmutable(IReadOnlyList<KeyValuePair<string, object?>>? values)
    {
        if (values is null)
        {
            return false;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i].Value;
            if (value is not (null or string or int or long or double or bool or Guid or DateTime or DateTimeOffset or TimeSpan
                or decimal or float or short or byte or uint or ulong or ushort or sbyte or char or Enum))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The message's <c>Fingerprint</c> value, as Sentry's SDK fingerprint: it groups the event across digests.</summary>
    internal static string? UserFingerprint(IReadOnlyList<KeyValuePair<string, object?>>? values)
    {
        if (values is not null)
        {
            for (var i = 0; i < values.Count; i++)
            {
                var pair = values[i];
                if (pair.Key == FingerprintKey)
                {
                    return pair.Value as string ?? SafeToString(pair.Value);
                }
            }
        }

        return null;
    }

    internal static string? OriginalFormat(IReadOnlyList<KeyValuePair<string, object?>>? values)
    {
        if (values is not null)
        {
            // By convention the template is the last entry; look there first.
            for (var i = values.Count - 1; i >= 0; i--)
            {
                var pair = values[i];
                if (pair.Key == OriginalFormatKey)
                {
                    return pair.Value as string;
                }
            }
        }

        return null;
    }

    // An array of exactly the properties shown: no list, no spare capacity.
    internal static KeyValuePair<string, string>[]? Properties(IReadOnlyList<KeyValuePair<string, object?>>? values, CultureInfo? culture)
    {
        if (values is null || values.Count <= 1)
        {
            return null;
        }

        var count = 0;
        for (var i = 0; i < values.Count && count < MaxProperties; i++)
        {
            if (values[i].Key != OriginalFormatKey)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return null;
        }

        var properties = new KeyValuePair<string, string>[count];
        var n = 0;
        for (var i = 0; i < values.Count && n < count; i++)
        {
            var pair = values[i];
            if (pair.Key != OriginalFormatKey)
            {
                properties[n++] = new KeyValuePair<string, string>(pair.Key, SafeToString(pair.Value, culture));
            }
        }

        return properties;
    }

    // Collects into a per-thread list, so a call with no scopes allocates nothing; the scopes found are copied out.
    private string[]? Scopes()
    {
        var scopeProvider = _provider.ScopeProvider;
        if (scopeProvider is null)
        {
            return null;
        }

        // Taken, not borrowed: a scope's ToString that logs re-enters here and must not share the list.
        var scopes = t_scopes ?? new List<string>(MaxScopes);
        t_scopes = null;
        try
        {
            scopeProvider.ForEachScope(
                static (scope, list) =>
                {
                    if (list.Count < MaxScopes)
                    {
                        list.Add(ScopeText.Render(scope));
                    }
                },
                scopes);
            return scopes.Count == 0 ? null : scopes.ToArray();
        }
        finally
        {
            scopes.Clear();
            t_scopes = scopes;
        }
    }

    // ToString(), or for a deferred value (immutable, culture-sensitive at most) ToString() as the calling thread would
    // have done it: ToString(null, its culture).
    private static string SafeToString(object? value, CultureInfo? culture = null)
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
