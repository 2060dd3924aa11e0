using System.Collections.Concurrent;
using System.Globalization;
using DingTalk.Robot.Digest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Links;
using DingTalk.Robot.Digest.Routing;

namespace DingTalk.Extensions.Logging;

/// <summary>
/// A logging provider that sends events to a DingTalk group as markdown digests: one message per batch, grouped by
/// message template, with @-mentions when the batch holds errors. Register it with
/// <c>builder.Logging.AddDingTalk()</c>; it reads <c>Logging:DingTalk</c> and follows changes to it (a new webhook or
/// secret takes effect without a restart). With no webhook configured it stays quiet and says so once.
/// </summary>
[ProviderAlias("DingTalk")]
public sealed class DingTalkLoggerProvider : ILoggerProvider, ISupportExternalScope, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, DingTalkLogger> _loggers = new(StringComparer.Ordinal);
    private readonly ProviderDiagnostics _diagnostics;
    private readonly IDisposable? _optionsSubscription;
    private readonly object _sync = new();
    private readonly DisabledTally _disabled = new();
    private readonly HashSet<string> _reportedReloadErrors = new(StringComparer.Ordinal);

    // The engines a reload replaced, still delivering what they held (guarded by _sync; the finished ones are pruned).
    private readonly List<Task> _handOvers = new();
    private volatile ActiveEngine? _active;
    private bool _disposed;

    /// <summary>Creates the provider from the options monitor (as dependency injection does).</summary>
    /// <param name="options">The options, followed for changes.</param>
    /// <exception cref="ArgumentException">A non-empty webhook that is malformed, not https (except loopback) or has no access_token; an option out of range.</exception>
    public DingTalkLoggerProvider(IOptionsMonitor<DingTalkLoggerOptions> options)
        : this(options, new ProviderDiagnostics(services: null))
    {
    }

    internal DingTalkLoggerProvider(IOptionsMonitor<DingTalkLoggerOptions> options, ProviderDiagnostics diagnostics)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        _diagnostics = diagnostics;
        // At start-up a bad option is an error the developer must see: let it throw.
        var initial = options.CurrentValue;
        if (initial.ConfigurationErrors is { Count: > 0 } errors)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        _active = CreateEngine(initial, previous: null);
        _optionsSubscription = options.OnChange(Reconfigure);
    }

    internal IExternalScopeProvider? ScopeProvider { get; private set; }

    /// <summary>The current engine, if any (for the benchmarks, which watch its queue).</summary>
    internal DigestEngine<PendingEvent>? Engine => _active?.Robots.First;

    internal bool IsActive => _active is not null;

    /// <summary>
    /// Whether loggers take an event at <paramref name="level"/>: some robot takes the level; while a reload has disabled
    /// the provider every event is taken, to be counted as dropped.
    /// </summary>
    internal bool Accepts(DigestLevel level) => _active is { } active ? level >= active.Robots.Lowest : _disabled.Counting;

    /// <summary>Counts an event logged while a reload had disabled the provider (an empty webhook).</summary>
    internal void CountDroppedWhileDisabled() => _disabled.Count();

    /// <summary>The current configuration's engine: a logging call reads it once.</summary>
    internal ActiveEngine? CurrentEngine => _active;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
        => _loggers.GetOrAdd(categoryName ?? string.Empty, name => new DingTalkLogger(name, this));

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ScopeProvider = scopeProvider;

    /// <summary>Delivers what is pending within <c>ShutdownTimeout</c> and stops.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Delivers what is pending within <c>ShutdownTimeout</c> and stops.</summary>
    /// <returns>A task that completes when pending digests are delivered or the timeout ran out.</returns>
    public async ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _optionsSubscription?.Dispose();

        // The replaced engines finish first, while the current one can still take what they could not deliver.
        await HandOversAsync(CancellationToken.None).ConfigureAwait(false);
        ActiveEngine? engine;
        lock (_sync)
        {
            engine = _active;
            _active = null;
        }

        if (engine is not null)
        {
            await engine.Robots.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is pending now, within <c>ShutdownTimeout</c>; logging goes on. For the host's StopAsync.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        // The engines a reload replaced first: a stop must not leave their last digests (or their counts of what the
        // provider dropped while disabled) behind, still on their way.
        await HandOversAsync(cancellationToken).ConfigureAwait(false);
        if (_active is { } active)
        {
            await active.Robots.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes sure diagnostics can reach the application's loggers until the very end. For the host's StartAsync.</summary>
    internal void PrepareDiagnostics() => _diagnostics.Prepare();

    private void Reconfigure(DingTalkLoggerOptions options, string? name)
    {
        if (name is not null && name != Options.DefaultName)
        {
            return;
        }

        // An invalid change keeps the robot that works: events keep flowing to it, and the problem is said once (the
        // file watcher raises one edit more than once) until a valid configuration comes.
        if (options.ConfigurationErrors is { Count: > 0 } errors)
        {
            ReportReloadError(string.Join(" ", errors));
            return;
        }

        ActiveEngine? created;
        try
        {
            created = CreateEngine(options, previous: _active);
        }
        catch (Exception ex)
        {
            ReportReloadError(ex.Message);
            return;
        }

        lock (_reportedReloadErrors)
        {
            _reportedReloadErrors.Clear();
        }

        ActiveEngine? previous;
        lock (_sync)
        {
            if (_disposed)
            {
                previous = created;
            }
            else
            {
                previous = _active;
                _active = created;
                if (created is null && previous is not null)
                {
                    _disabled.Start();
                }
            }
        }

        if (created is not null && _disabled.Stop() is { } dropped)
        {
            created.Robots.AddUndelivered(dropped, "they were logged while the provider was disabled (Logging:DingTalk:WebhookUrl was empty)");
            _diagnostics.Write(new DingTalkDiagnostic(DingTalkDiagnosticKind.Information,
                $"The DingTalk logging provider is enabled again; {dropped.ToString(CultureInfo.InvariantCulture)} events logged while it was disabled were dropped, and the next digest counts them."));
        }

        if (previous is not null)
        {
            // The old engine delivers what it holds in the background; logging goes on with the new one meanwhile.
            var handOver = HandOverAsync(previous);
            lock (_sync)
            {
                _handOvers.RemoveAll(task => task.IsCompleted);
                _handOvers.Add(handOver);
            }
        }
    }

    // Waits for the hand-overs under way (each is bounded by its engine's ShutdownTimeout), or for the cancellation.
    private async Task HandOversAsync(CancellationToken cancellationToken)
    {
        Task[] pending;
        lock (_sync)
        {
            pending = _handOvers.ToArray();
        }

        if (pending.Length == 0)
        {
            return;
        }

        var all = Task.WhenAll(pending);
        using var cancelled = new CancellationTokenSource();
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), cancelled))
        {
            await Task.WhenAny(all, Task.Delay(Timeout.Infinite, cancelled.Token)).ConfigureAwait(false);

            // The hand-overs done: the waiting delay ends too, instead of lingering on the caller's token.
            cancelled.Cancel();
        }
    }

    private void ReportReloadError(string error)
    {
        lock (_reportedReloadErrors)
        {
            if (!_reportedReloadErrors.Add(error))
            {
                return;
            }
        }

        var keeps = _active is null ? "the provider stays as it was (disabled)" : "the provider keeps sending to the robot configured before";
        _diagnostics.Write(new DingTalkDiagnostic(DingTalkDiagnosticKind.Permanent,
            $"The new Logging:DingTalk options are invalid, so {keeps} until they are fixed: {error}"));
    }

    // What the old engine cannot deliver (its configuration was the problem, typically) is counted in the next digest
    // of the engine current by then (one change of the configuration can raise OnChange more than once), so the group
    // learns of the events logged before the fix; with no engine (disabled), when one is configured again.
    private async Task HandOverAsync(ActiveEngine previous)
    {
        try
        {
            await previous.Robots.DisposeAsync().ConfigureAwait(false);
            var undelivered = previous.Robots.UndeliveredAtStop;
            if (_active is { } current)
            {
                current.Robots.AddUndelivered(undelivered, previous.Robots.UndeliveredReasonAtStop);
            }
            else
            {
                _disabled.Add(undelivered);
            }
        }
        catch (Exception)
        {
            // Disposing never throws; a hand-over must not surface as an unobserved task exception either.
        }
    }

    // The same robot (the same key under Robots, the same webhook) keeps its alert memory across a reload, so a change
    // of, say, the title does not announce every known group as new again.
    private ActiveEngine? CreateEngine(DingTalkLoggerOptions options, ActiveEngine? previous)
    {
        var reload = previous is not null;
        var robots = DigestRobots<PendingEvent>.Create(options, PendingEventReader.Instance, _diagnostics.Write, previous?.Robots);
        if (robots is null)
        {
            _diagnostics.Write(new DingTalkDiagnostic(DingTalkDiagnosticKind.Information,
                "The DingTalk logging provider is disabled: Logging:DingTalk:WebhookUrl is empty. Set it to the robot's webhook to enable it." +
                (reload ? " Events logged meanwhile are dropped and counted; the first digest after it is enabled again says how many." : string.Empty)));
            return null;
        }

        return new ActiveEngine(this, robots, options.TimeProvider ?? TimeProvider.System, options.IncludeScopes, PropertySelection.From(options, LinkSet.From(options)));
    }

    /// <summary>One configuration's robots (an engine each); replaced as a whole when the options change.</summary>
    internal sealed class ActiveEngine
    {
        // Null for the system's clock, which is read the cheap way (see CoarseUtcClock); an injected one (tests) is
        // asked every time.
        private readonly TimeProvider? _injectedTime;

        // Its scopes are what a route by property reads when the message lacks the key; the logger factory may set
        // them after this engine is made, so they are read from the provider on each call.
        private readonly DingTalkLoggerProvider _owner;

        // The lone robot's engine (the usual case), read by every call the full queue refuses: one field, no list.
        private readonly DigestEngine<PendingEvent>? _single;

        public ActiveEngine(DingTalkLoggerProvider owner, DigestRobots<PendingEvent> robots, TimeProvider time, bool includeScopes, PropertySelection properties)
        {
            _owner = owner;
            Robots = robots;
            _single = robots.All.Count == 1 ? robots.First : null;
            Lowest = robots.Lowest;
            _injectedTime = ReferenceEquals(time, TimeProvider.System) ? null : time;
            IncludeScopes = includeScopes;
            Properties = properties;
        }

        public DigestRobots<PendingEvent> Robots { get; }

        public bool IncludeScopes { get; }

        /// <summary>Which properties the events keep (shown, and those the links use).</summary>
        public PropertySelection Properties { get; }

        public DateTimeOffset Now() => _injectedTime?.GetUtcNow() ?? CoarseUtcClock.UtcNow;

        /// <summary>
        /// With one robot (the usual case), whether its queue would refuse an event now: the event is then counted in its
        /// template's group without being built. With several, each robot's queue counts what it refuses.
        /// </summary>
        public bool WouldRefuse => _single is { } single && single.WouldRefuse;

        /// <summary>Counts a refused event in its template's group (only after <see cref="WouldRefuse"/> said so).</summary>
        public void CountRefused(string? template, DigestLevel level) => (_single ?? Robots.First).CountRefused(template, level);

        /// <summary>The lowest level some robot takes: a call below it returns before capturing anything.</summary>
        public DigestLevel Lowest { get; }

        /// <summary>
        /// Queues an event for the digest loop of each robot whose route takes it (by <paramref name="level"/>, the
        /// <paramref name="category"/>, the message's <paramref name="values"/> and then the current scopes'); a full
        /// queue counts it for the next digest.
        /// </summary>
        public void Enqueue(PendingEvent item, DigestLevel level, string category, IReadOnlyList<KeyValuePair<string, object?>>? values)
        {
            var properties = new StateProperties(values, _owner.ScopeProvider);
            Robots.Enqueue(item, level, category, ref properties);
        }
    }
}
