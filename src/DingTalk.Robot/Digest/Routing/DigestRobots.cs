using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Engine;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Digest.Routing;

/// <summary>
/// The robots one front end sends to, each its own <see cref="DigestEngine{TEvent}"/> (queue, budget, alert memory),
/// and the router that hands each event to the engines whose route accepts it: every robot takes what its route
/// accepts (a Fatal can go to the team's group and to the on-call group); the default robot takes everything, except
/// what an exclusive robot took. The logging call pays comparisons only: the lowest level of all robots first (a call
/// below it costs what it cost before routing existed), then each route's checks; no lock, no allocation.
/// </summary>
internal sealed class DigestRobots<TEvent> : IDisposable, IAsyncDisposable
{
    /// <summary>The default robot's key, for <see cref="Robot.Key"/>.</summary>
    public const string DefaultKey = "";

    private readonly Robot[] _robots;

    // The default robot alone, taking everything: the logging call enqueues without looking at any route.
    private readonly DigestEngine<TEvent>? _only;
    private readonly Robot? _default;

    private DigestRobots(Robot[] robots)
    {
        _robots = robots;
        _default = Array.Find(robots, r => r.Key.Length == 0);
        _only = robots.Length == 1 && _default is not null ? _default.Engine : null;
        Lowest = robots.Min(r => r.Route.MinimumLevel);
        ReadsSource = robots.Any(r => r.Route.ReadsSource);
        ReadsProperties = robots.Any(r => r.Route.ReadsProperties);
    }

    /// <summary>The lowest level any robot takes: a front end drops an event below it before capturing anything.</summary>
    public DigestLevel Lowest { get; }

    /// <summary>Whether any route looks at the event's source (so the front end needs to read it).</summary>
    public bool ReadsSource { get; }

    /// <summary>Whether any route looks at the event's properties.</summary>
    public bool ReadsProperties { get; }

    /// <summary>The robots, the default one (if any) first.</summary>
    public IReadOnlyList<Robot> All => _robots;

    /// <summary>
    /// The default robot's engine when it is the only robot (the usual case): it takes every event without a look at its
    /// route, so a front end may hand events straight to it; otherwise <see langword="null"/>.
    /// </summary>
    public DigestEngine<TEvent>? Only => _only;

    /// <summary>The first robot's engine (the default robot's, if any): for the benchmarks, which watch its queue.</summary>
    public DigestEngine<TEvent> First => _robots[0].Engine;

    /// <summary>Once stopped: the events no robot could deliver, summed.</summary>
    public long UndeliveredAtStop => _robots.Sum(r => r.Engine.UndeliveredAtStop);

    /// <summary>Once stopped: why (the first robot's reason that has one), redacted.</summary>
    public string? UndeliveredReasonAtStop => _robots.Select(r => r.Engine.UndeliveredReasonAtStop).FirstOrDefault(r => r is not null);

    /// <summary>
    /// Starts an engine per robot that has a webhook, or returns <see langword="null"/> when none has (the front end is
    /// disabled). Every robot's options are checked before any engine starts, so a bad one leaves nothing running.
    /// </summary>
    /// <param name="options">The default robot's options, with the named robots in <see cref="DingTalkDigestOptions.Robots"/>.</param>
    /// <param name="reader">Reads enqueued events on each engine's loop; shared, so it must keep no state of its own.</param>
    /// <param name="diagnostics">Receives each engine's lines, a named robot's prefixed with its setting (<c>Robots:oncall:</c>).</param>
    /// <param name="previous">
    /// The robots this set replaces (an options reload): a robot under the same key with the same webhook keeps its
    /// alert memory, so known groups are not announced again.
    /// </param>
    /// <exception cref="ArgumentException">An option of some robot is bad; a named robot's message starts with <c>Robots:name:</c>.</exception>
    public static DigestRobots<TEvent>? Create(
        DingTalkDigestOptions options, DigestEventReader<TEvent> reader, Action<DingTalkDiagnostic>? diagnostics, DigestRobots<TEvent>? previous = null)
    {
        var planned = Plan(options, diagnostics);
        if (planned.Count == 0)
        {
            return null;
        }

        var robots = new List<Robot>(planned.Count);
        try
        {
            foreach (var (key, robotOptions, route) in planned)
            {
                var memory = previous?.MemoryOf(key, robotOptions.WebhookUrl);
                var engine = new DigestEngine<TEvent>(robotOptions, reader, Prefixed(diagnostics, key), memory);
                robots.Add(new Robot(key, robotOptions.WebhookUrl, route, engine));
            }
        }
        catch
        {
            // Checked above, so only what cannot happen (a thread that does not start); stop what did start.
            foreach (var robot in robots)
            {
                robot.Engine.Dispose();
            }

            throw;
        }

        return new DigestRobots<TEvent>(robots.ToArray());
    }

    /// <summary>
    /// Hands <paramref name="item"/> to every robot whose route accepts it. Never blocks and never throws.
    /// </summary>
    /// <param name="item">The front end's event.</param>
    /// <param name="level">Its level.</param>
    /// <param name="source">Its source (category, SourceContext); read by the front end only when <see cref="ReadsSource"/>.</param>
    /// <param name="properties">Its properties; asked only by a route that has some.</param>
    /// <returns>Whether some robot queued it.</returns>
    public bool Enqueue<TProperties>(TEvent item, DigestLevel level, string? source, ref TProperties properties)
        where TProperties : struct, IRouteProperties
    {
        if (_only is not null)
        {
            return _only.TryEnqueue(item);
        }

        if (level < Lowest)
        {
            return false;
        }

        var queued = false;
        var exclusiveTook = false;
        foreach (var robot in _robots)
        {
            if (ReferenceEquals(robot, _default) || !robot.Route.Accepts(level, source, ref properties))
            {
                continue;
            }

            queued |= robot.Engine.TryEnqueue(item);
            exclusiveTook |= robot.Route.Exclusive;
        }

        if (_default is not null && !exclusiveTook)
        {
            queued |= _default.Engine.TryEnqueue(item);
        }

        return queued;
    }

    /// <summary>Delivers what every robot holds now (see <see cref="DigestEngine{TEvent}.FlushAsync"/>), side by side.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
        => _robots.Length == 1 ? _robots[0].Engine.FlushAsync(cancellationToken) : Task.WhenAll(_robots.Select(r => r.Engine.FlushAsync(cancellationToken)));

    /// <summary>Counts events another set of robots could not deliver in the next digest of the default robot (else the first).</summary>
    public void AddUndelivered(long events, string? reason) => (_default ?? _robots[0]).Engine.AddUndelivered(events, reason);

    /// <summary>Stops every robot, each delivering what it holds within its shutdown timeout, side by side.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
        => _robots.Length == 1 ? _robots[0].Engine.DisposeAsync() : new ValueTask(Task.WhenAll(_robots.Select(r => r.Engine.DisposeAsync().AsTask())));

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _robots.Select(r => r.Engine.ToString()));

    private static List<(string Key, DingTalkDigestOptions Options, DigestRoute Route)> Plan(DingTalkDigestOptions options, Action<DingTalkDiagnostic>? diagnostics)
    {
        var planned = new List<(string, DingTalkDigestOptions, DigestRoute)>();
        if (RobotOptionsDerivation.ForDefault(options) is { } defaultOptions)
        {
            defaultOptions.Validate();
            planned.Add((DefaultKey, defaultOptions, DigestRoute.Everything));
        }

        if (options.Robots is null)
        {
            return planned;
        }

        foreach (var pair in options.Robots)
        {
            if (pair.Value is null || string.IsNullOrWhiteSpace(pair.Key))
            {
                throw new ArgumentException("Robots holds a robot with no name or no settings; give each robot a name and its WebhookUrl.", nameof(options.Robots));
            }

            var robotOptions = RobotOptionsDerivation.ForNamed(options, pair.Key, pair.Value);
            if (robotOptions is null)
            {
                diagnostics?.Invoke(new DingTalkDiagnostic(DingTalkDiagnosticKind.Information,
                    $"The DingTalk robot Robots:{pair.Key} is disabled: its WebhookUrl is empty. Set it to the robot's webhook to enable it."));
                continue;
            }

            try
            {
                if (pair.Value.MinimumLevel is { } level && !Enum.IsDefined(typeof(DigestLevel), level))
                {
                    throw new ArgumentOutOfRangeException(nameof(DingTalkRoutedRobotOptions.MinimumLevel), level,
                        "MinimumLevel must be one of Verbose (Trace), Debug, Information, Warning, Error, Fatal (Critical).");
                }

                robotOptions.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Robots:{pair.Key}: {ex.Message}", $"Robots:{pair.Key}:{ex.ParamName}", ex);
            }

            planned.Add((pair.Key, robotOptions, RobotOptionsDerivation.Route(pair.Value)));
        }

        return planned;
    }

    private static Action<DingTalkDiagnostic>? Prefixed(Action<DingTalkDiagnostic>? diagnostics, string key)
        => diagnostics is null || key.Length == 0
            ? diagnostics
            : diagnostic => diagnostics(new DingTalkDiagnostic(diagnostic.Kind, $"Robots:{key}: {diagnostic.Message}"));

    private KeptAlertMemory? MemoryOf(string key, string? webhookUrl)
    {
        foreach (var robot in _robots)
        {
            if (string.Equals(robot.Key, key, StringComparison.OrdinalIgnoreCase) && string.Equals(robot.WebhookUrl, webhookUrl, StringComparison.Ordinal))
            {
                return robot.Engine.AlertMemory;
            }
        }

        return null;
    }

    /// <summary>One robot: its key in <see cref="DingTalkDigestOptions.Robots"/> (empty for the default robot), its route and its engine.</summary>
    internal sealed class Robot
    {
        public Robot(string key, string? webhookUrl, DigestRoute route, DigestEngine<TEvent> engine)
        {
            Key = key;
            WebhookUrl = webhookUrl;
            Route = route;
            Engine = engine;
        }

        public string Key { get; }

        /// <summary>Where it sends (compared at a reload; never shown).</summary>
        public string? WebhookUrl { get; }

        public DigestRoute Route { get; }

        public DigestEngine<TEvent> Engine { get; }
    }
}
