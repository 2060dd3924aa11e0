using System.Diagnostics;
using System.Globalization;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown.Content;
using Microsoft.Extensions.Logging;

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

        if (engine.WouldRefuse)
        {
            // The queue is full (or closing): counted in its template's group without building the event. The
            // template is the format string itself, the same instance for every call of a call site, read without
            // boxing a struct state (the drop path allocates nothing) and without throwing (a state whose list throws
            // counts per level).
            engine.CountRefused(StateTemplate.Of(state), level);
            return;
        }

        Enqueue(engine, level, eventId, state, exception, formatter);
    }

    // The accepted path: the event is captured (or its state kept, see DeferredEvent) and queued.
    private void Enqueue<TState>(DingTalkLoggerProvider.ActiveEngine engine, DigestLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            // A struct state (FormattedLogValues, LoggerMessage.Define's) is boxed once here, not once per use.
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var scopes = engine.IncludeScopes ? ScopeCapture.Read(_provider.ScopeProvider, engine.Properties) : null;

            // The trace this call runs under: only a call that got this far pays for the (async-local) read.
            var activity = Activity.Current;
            PendingEvent pending;
            if (Deferral<TState>.Allowed && AreImmutable(values))
            {
                // The caller's culture matters only to the properties: not read when none are captured.
                var culture = engine.Properties.Enabled || engine.Properties.AnyForLinks ? CultureInfo.CurrentCulture : null;
                pending = new DeferredEvent<TState>(engine.Now(), level, _category, eventId, values!, exception, formatter, culture, engine.Properties, scopes);
            }
            else
            {
                pending = new FormattedEvent(
                    Capture(engine.Now(), level, _category, eventId, values, Format(state, exception, formatter), exception, engine.Properties, scopes));
            }

            if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
            {
                pending.SetTrace(activity.TraceId, activity.SpanId);
            }

            engine.Enqueue(pending, level, _category, values);
        }
        catch (Exception)
        {
            // Nothing may reach the application. What can throw above is the state's own list of values (a bug in
            // the caller's type, read for the deferral check, the template and the properties): the event is
            // captured once more without it, from its formatted message, so that it is still counted.
            EnqueueWithoutValues(engine, level, eventId, state, exception, formatter);
        }
    }

    private void EnqueueWithoutValues<TState>(DingTalkLoggerProvider.ActiveEngine engine, DigestLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            var e = Capture(engine.Now(), level, _category, eventId, values: null, Format(state, exception, formatter), exception, engine.Properties, scopes: null);
            engine.Enqueue(new FormattedEvent(e), level, _category, values: null);
        }
        catch (Exception)
        {
            // The last line of defence: the formatter and the scopes are guarded on their own.
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
        PropertySelection properties,
        ScopeCapture? scopes)
    {
        var template = OriginalFormat(values) ?? message;
        var e = new DigestEvent(timestamp, level, template, message)
        {
            Source = category,
            Exception = exception,
            EventId = eventId.Id,
            EventName = eventId.Name,
            Scopes = scopes?.Texts,
        };
        ReadProperties(e, values, culture: null, properties, scopes);
        return e;
    }

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
                    return pair.Value as string ?? PropertyText.Of(pair.Value, null);
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

    /// <summary>
    /// Sets the event's properties — the state's that its message does not show, then the structured scopes', as
    /// <paramref name="properties"/> chooses, at most its maximum — and the values the links use, from both.
    /// </summary>
    internal static void ReadProperties(
        DigestEvent e, IReadOnlyList<KeyValuePair<string, object?>>? values, CultureInfo? culture, PropertySelection properties, ScopeCapture? scopes)
    {
        List<KeyValuePair<string, string>>? shown = null;
        List<KeyValuePair<string, string>>? linked = null;
        if (values is not null && (properties.Enabled || properties.AnyForLinks))
        {
            for (var i = 0; i < values.Count; i++)
            {
                var pair = values[i];
                if (pair.Key == OriginalFormatKey || string.IsNullOrEmpty(pair.Key))
                {
                    continue;
                }

                if (properties.NeedsForLinks(pair.Key))
                {
                    (linked ??= new()).Add(new(pair.Key, PropertyText.Of(pair.Value, culture)));
                }

                if ((shown?.Count ?? 0) < properties.Max && properties.IsShown(pair.Key) && !ExampleInformation.IsTemplateHole(e.MessageTemplate, pair.Key))
                {
                    (shown ??= new()).Add(new(pair.Key, PropertyText.Of(pair.Value, culture)));
                }
            }
        }

        if (scopes?.Properties is { } scoped)
        {
            for (var i = 0; i < scoped.Length && (shown?.Count ?? 0) < properties.Max; i++)
            {
                (shown ??= new()).Add(scoped[i]);
            }
        }

        if (scopes?.LinkValues is { } scopeLinks)
        {
            (linked ??= new()).AddRange(scopeLinks);
        }

        e.Properties = shown;
        e.LinkValues = linked;
    }
}
