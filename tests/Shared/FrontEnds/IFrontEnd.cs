namespace DingTalk.Testing.Shared.FrontEnds;

/// <summary>
/// One of the two ways an application logs to DingTalk — a Serilog logger with the sink, or a generic host's
/// <c>ILogger</c> with the provider — reduced to what a reliability scenario does with it, so that each scenario is
/// written once and run for both.
/// </summary>
internal interface IFrontEnd
{
    /// <summary>
    /// How many times the application's exit asks the front end to deliver what is pending: once with Serilog
    /// (disposing the logger), twice with MEL (the flush in <c>IHost.StopAsync</c>, then the provider's
    /// <c>Dispose</c>). Each makes its own last attempt and may wait out <c>ShutdownTimeout</c> for it: a known limit
    /// of MEL, which the README states (the two do not share one budget).
    /// </summary>
    int ShutdownPhases { get; }

    /// <summary>Starts an application logging through this front end, with <paramref name="options"/>.</summary>
    Task<ILoggingApp> StartAsync(FrontEndOptions options);
}
