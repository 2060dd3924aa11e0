using DingTalk.Robot.Digest;

namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// An application that logs through one front end: what a scenario does to it (log, stop) and what it reads from it
/// (the front end's diagnostics). Disposing it ends the test's use of it: the logging is disposed if the scenario did
/// not do so itself, and the diagnostics are no longer captured.
/// </summary>
internal interface ILoggingApp : IAsyncDisposable
{
    /// <summary>
    /// Every line the front end wrote to the developer since it started: Serilog's SelfLog, or what the provider
    /// logged under its own category to the application's other loggers.
    /// </summary>
    IReadOnlyList<string> Diagnostics { get; }

    /// <summary>
    /// The first exception the front end threw from a logging call that its library kept from the caller (Serilog
    /// catches what a sink throws); <see langword="null"/> if none. With MEL a provider's exception reaches the
    /// caller, where <see cref="Reliability.SlowestCall"/> sees it.
    /// </summary>
    Exception? SwallowedException { get; }

    /// <summary>
    /// The events waiting in the (first) robot's queue, not yet taken by its digest loop: what a scenario waits on
    /// instead of sleeping, when it must not log more than the queue holds.
    /// </summary>
    int QueuedEvents { get; }

    /// <summary>Logs one event as the application's code would: a message template and its property values.</summary>
    void Log(DigestLevel level, Exception? exception, string template, params object?[] values);

    /// <summary>Opens a scope holding one property, named by the only hole of <paramref name="template"/>.</summary>
    IDisposable BeginScope(string template, object? value);

    /// <summary>
    /// Opens a scope of properties, as an application's enricher or middleware does: Serilog's <c>LogContext</c>
    /// properties, or MEL's <c>BeginScope(new Dictionary&lt;string, object?&gt; { … })</c>.
    /// </summary>
    IDisposable BeginProperties(IReadOnlyDictionary<string, object?> properties);

    /// <summary>Makes the logging call <paramref name="call"/> describes, through everything this front end lets an application hand it.</summary>
    void LogHostile(HostileCall call);

    /// <summary>What the front end's own objects print (the logger's, the providers' <c>ToString</c>).</summary>
    string DescribeLogging();

    /// <summary>
    /// The application's orderly stop: with Serilog, disposing the logger (which is what <c>Log.CloseAndFlush</c>
    /// does); with MEL, <c>IHost.StopAsync</c>, whose FlushOnStop delivers what is pending.
    /// </summary>
    Task StopAsync();

    /// <summary>
    /// What the application's exit does after the stop: disposes the logger (again) with Serilog; disposes the host,
    /// and with it the provider, with MEL. May be called more than once.
    /// </summary>
    Task DisposeLoggingAsync();
}
