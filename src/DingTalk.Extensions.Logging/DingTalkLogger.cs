using DingTalk.Robot.Digest;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// A logger for one category. <see cref="Log{TState}"/> captures what the digest needs on the calling thread (the
/// state and scopes may not outlive the call), hands it to the engine and returns: it never blocks and never throws
/// (Microsoft.Extensions.Logging would rethrow a provider's exception into the application).
/// </summary>
internal sealed class DingTalkLogger : ILogger
{
    private const string OriginalFormatKey = "{OriginalFormat}";
    private const int MaxProperties = 12;
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

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && !_excluded && _provider.IsActive;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        try
        {
            // A struct state (FormattedLogValues, LoggerMessage.Define's) is boxed once here, not once per use.
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var message = Format(state, exception, formatter);
            var digestEvent = new DigestEvent(_provider.Now(), LogLevelMapping.ToDigestLevel(logLevel), OriginalFormat(values) ?? message, message)
            {
                Source = _category,
                Exception = exception,
                EventId = eventId.Id,
                EventName = eventId.Name,
                Properties = _provider.IncludeProperties ? Properties(values) : null,
                Scopes = _provider.IncludeScopes ? Scopes() : null,
            };

            _provider.Enqueue(digestEvent);
        }
        catch (Exception)
        {
            // Nothing may reach the application. Every call into user code above is guarded on its own, so this
            // only catches what cannot happen today; it stays as the last line of defence.
        }
    }

    private static string Format<TState>(TState state, Exception? exception, Func<TState, Exception?, string> formatter)
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

    private static string? OriginalFormat(IReadOnlyList<KeyValuePair<string, object?>>? values)
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
    private static KeyValuePair<string, string>[]? Properties(IReadOnlyList<KeyValuePair<string, object?>>? values)
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
                properties[n++] = new KeyValuePair<string, string>(pair.Key, SafeToString(pair.Value));
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
                        list.Add(SafeToString(scope));
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

    private static string SafeToString(object? value)
    {
        try
        {
            return value?.ToString() ?? "null";
        }
        catch (Exception ex)
        {
            return "<" + ex.GetType().Name + " in ToString>";
        }
    }
}
