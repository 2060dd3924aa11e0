using System.Globalization;
using DingTalk.Robot.Testing.Internal;

namespace DingTalk.Robot.Testing;

/// <summary>
/// An emulated DingTalk custom robot: a real HTTP server on <c>127.0.0.1</c> that answers <c>POST /robot/send</c>
/// as DingTalk does — access token, signature, keywords, message shapes, body size, <c>msgUuid</c> de-duplication,
/// 20 messages a minute and the 10-minute throttle — records what it receives, and injects faults on request.
/// </summary>
/// <remarks>
/// <para>
/// Every request is answered HTTP 200 with <c>{"errcode":N,"errmsg":"..."}</c>, checked in DingTalk's order:
/// access token (300001), throttle (130101), <c>Content-Type: application/json</c> (43004), body size (460101),
/// <c>timestamp</c> and <c>sign</c> when <see cref="RobotEmulatorOptions.Secret"/> is set (310000), UTF-8 JSON
/// (400402), <c>msgtype</c> (400105), required fields (400402 "missing param …"), keywords (310000), then a
/// <c>msgUuid</c> already accepted ("ok", not posted twice) and the rate limit (130101, which starts the throttle).
/// Other paths and methods get 404.
/// </para>
/// <para>All members are thread-safe. Never log <see cref="WebhookUrl"/>: it holds the access token.</para>
/// </remarks>
/// <example>
/// <code>
/// await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions
/// {
///     Secret = "SEC0123456789abcdef",
///     Keywords = { "alert" },
/// });
///
/// // Point the client under test at robot.WebhookUrl (and robot.Options.Secret), send, then assert:
/// var messages = await robot.WaitForMessagesAsync(1, TimeSpan.FromSeconds(5));
/// Assert.Equal("markdown", messages[0].MsgType);
/// Assert.Empty(messages[0].MentionsMissingFromText);
///
/// // Failures the client must survive:
/// robot.InjectFault(RobotFault.HttpStatus(502));
/// await robot.SimulateOutageAsync();   // connections refused until EndOutageAsync
/// </code>
/// </example>
public sealed class RobotEmulator : IAsyncDisposable
{
    private readonly RobotState _state;
    private readonly RequestHandler _handler;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private RobotServer? _server; // null during an outage and once disposed
    private int _port;
    private bool _disposed;

    private RobotEmulator(RobotEmulatorOptions options)
    {
        Options = options;
        _state = new RobotState(options);
        _handler = new RequestHandler(_state, options.TimeProvider, OnMessageAccepted);
    }

    /// <summary>
    /// Raised once for each accepted message, before the client gets its "ok" (so a client that has been answered
    /// has been recorded). It is raised on a server thread, possibly concurrently for concurrent requests; an
    /// exception thrown by a handler is ignored and does not change the answer.
    /// </summary>
    public event Action<ReceivedMessage>? MessageReceived;

    /// <summary>
    /// The webhook to give the client under test: <c>http://127.0.0.1:{port}/robot/send?access_token={token}</c>.
    /// It stays the same across <see cref="SimulateOutageAsync"/> and <see cref="EndOutageAsync"/>.
    /// It holds the access token: do not log it.
    /// </summary>
    public string WebhookUrl { get; private set; } = "";

    /// <summary>The options the emulator runs with: a validated copy of those given to <see cref="StartAsync"/>, which cannot be changed.</summary>
    public RobotEmulatorOptions Options { get; }

    /// <summary>The accepted messages, in the order they were accepted (a snapshot).</summary>
    public IReadOnlyList<ReceivedMessage> Messages => _state.Messages;

    /// <summary>Every request received, with what was answered, in the order they were answered (a snapshot).</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _state.Requests;

    /// <summary>
    /// When the current throttle ends (by <see cref="RobotEmulatorOptions.TimeProvider"/>), or <see langword="null"/>
    /// when the robot is not throttled.
    /// </summary>
    public DateTimeOffset? ThrottledUntil => _state.ThrottledUntil;

    /// <summary>How many injected faults are still waiting for a request (for tests of the emulator).</summary>
    internal int QueuedFaultCount => _state.QueuedFaultCount;

    /// <summary>Starts an emulated robot listening on a free loopback port.</summary>
    /// <param name="options">The robot's settings; <see langword="null"/> for the defaults (a random token, no secret, no keywords).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">An option is out of range (the message never shows the token or secret).</exception>
    public static async Task<RobotEmulator> StartAsync(RobotEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var emulator = new RobotEmulator((options ?? new RobotEmulatorOptions()).ToFrozenCopy());
        var server = await RobotServer.StartAsync(0, emulator._handler.HandleAsync, cancellationToken);
        emulator._server = server;
        emulator._port = server.Port;
        emulator.WebhookUrl = string.Create(
            CultureInfo.InvariantCulture,
            $"http://127.0.0.1:{server.Port}/robot/send?access_token={Uri.EscapeDataString(emulator.Options.AccessToken)}");
        return emulator;
    }

    /// <summary>
    /// Waits until at least <paramref name="count"/> messages have been accepted (counting since the last
    /// <see cref="Clear"/>).
    /// </summary>
    /// <param name="count">How many accepted messages to wait for.</param>
    /// <param name="timeout">How long to wait, in real time (not <see cref="RobotEmulatorOptions.TimeProvider"/>).</param>
    /// <returns>All the accepted messages (at least <paramref name="count"/>).</returns>
    /// <exception cref="TimeoutException">
    /// Too few messages in time; the message lists the requests received and what each was answered.
    /// </exception>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var waiter = _state.WhenMessageCount(count);
        try
        {
            await waiter.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _state.RemoveWaiter(waiter);
            throw new TimeoutException(WaitTimeoutReport.Describe(count, timeout, Options, _state.Messages, _state.Requests));
        }

        return _state.Messages;
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> <c>POST /robot/send</c> requests act out <paramref name="fault"/>
    /// before any other check. Faults queue up: each request takes the oldest one.
    /// </summary>
    /// <param name="fault">The fault, from <see cref="RobotFault"/>'s factory methods.</param>
    /// <param name="count">How many requests get it; at least 1.</param>
    public void InjectFault(RobotFault fault, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _state.EnqueueFault(fault, count);
    }

    /// <summary>Drops the injected faults still waiting for a request: the robot behaves normally again.</summary>
    public void ClearFaults() => _state.ClearFaults();

    /// <summary>
    /// Stops listening: new connections are refused at the TCP level, open connections are closed, and delayed
    /// requests still waiting are dropped, until <see cref="EndOutageAsync"/>. Does nothing during an outage.
    /// </summary>
    /// <returns>A task that completes once the port is closed.</returns>
    public async Task SimulateOutageAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_server is { } server)
            {
                _server = null;
                await server.StopAsync();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Ends an outage: listens again on the same port, so <see cref="WebhookUrl"/> is unchanged. Recorded messages,
    /// the rate window and the throttle are kept. Does nothing when there is no outage.
    /// </summary>
    /// <returns>A task that completes once the emulator listens again.</returns>
    /// <exception cref="IOException">The port was taken by another process during the outage.</exception>
    public async Task EndOutageAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _server ??= await RobotServer.StartAsync(_port, _handler.HandleAsync, CancellationToken.None);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// The most messages accepted within any rolling 60 seconds (by arrival time, counting since the last
    /// <see cref="Clear"/>): assert it is at most 20 to prove a client respects DingTalk's limit.
    /// </summary>
    /// <returns>The maximum, 0 when no message was accepted.</returns>
    public int MaxMessagesInAnyRollingMinute() => _state.MaxMessagesInAnyRollingMinute();

    /// <summary>
    /// Renders the accepted <see cref="Messages"/> the way the DingTalk app shows them in a group chat on a phone:
    /// a self-contained HTML page, see <see cref="ChatPreview.RenderHtml"/>.
    /// </summary>
    /// <param name="groupName">The group's name, shown in the header.</param>
    /// <returns>The page, to be saved as UTF-8.</returns>
    public string RenderChatHtml(string groupName = "On-call") => ChatPreview.RenderHtml(Messages, groupName);

    /// <summary>
    /// Forgets the recorded <see cref="Messages"/> and <see cref="Requests"/>. The robot's own state is kept: the
    /// rate window, the throttle, the <c>msgUuid</c>s already accepted and the queued faults.
    /// </summary>
    public void Clear() => _state.Clear();

    /// <summary>Stops the server. Pending <see cref="WaitForMessagesAsync"/> calls fail; the recordings stay readable.</summary>
    /// <returns>A task that completes once the port is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_server is { } server)
            {
                _server = null;
                await server.StopAsync();
            }

            _state.FailWaiters(new ObjectDisposedException(nameof(RobotEmulator)));
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Describes the emulator (without the access token).</summary>
    /// <returns>For example <c>RobotEmulator on 127.0.0.1:45123 (3 messages, 4 requests)</c>.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"RobotEmulator on 127.0.0.1:{_port}{(_server is null ? " (not listening)" : "")} ({_state.Messages.Count} messages, {_state.Requests.Count} requests)");

    private void OnMessageAccepted(ReceivedMessage message)
    {
        foreach (var handler in MessageReceived?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<ReceivedMessage>)handler)(message);
            }
#pragma warning disable CA1031 // A test's handler must not change the robot's answer.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
