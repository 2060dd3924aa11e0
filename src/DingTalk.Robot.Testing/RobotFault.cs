using System.Globalization;
using DingTalk.Robot.Testing.Internal;

namespace DingTalk.Robot.Testing;

/// <summary>
/// A failure the emulator acts out instead of (or before) answering normally; queue one with
/// <see cref="RobotEmulator.InjectFault"/>. Faults apply to <c>POST /robot/send</c> requests, before any other check.
/// </summary>
/// <example>
/// <code>
/// emulator.InjectFault(RobotFault.HttpStatus(502));          // the next request gets an HTML 502
/// emulator.InjectFault(RobotFault.ErrCode(-1, "系统繁忙"), 2); // the two after it get errcode -1
/// </code>
/// </example>
public sealed class RobotFault
{
    private readonly string _name;

    private RobotFault(RobotFaultKind kind, string name)
    {
        Kind = kind;
        _name = name;
    }

    internal RobotFaultKind Kind { get; }

    internal int StatusCode { get; private init; }

    internal int Code { get; private init; }

    internal string Message { get; private init; } = "";

    internal TimeSpan Duration { get; private init; }

    /// <summary>Answers with this HTTP status and an HTML body (as a proxy in front of DingTalk would); the message is not processed.</summary>
    /// <param name="statusCode">An HTTP status from 200 to 599, typically 500, 502, 503 or 504.</param>
    /// <returns>The fault.</returns>
    public static RobotFault HttpStatus(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new RobotFault(RobotFaultKind.HttpStatus, string.Create(CultureInfo.InvariantCulture, $"HttpStatus({statusCode})"))
        {
            StatusCode = statusCode,
        };
    }

    /// <summary>
    /// Answers HTTP 200 with <c>{"errcode":errcode,"errmsg":errmsg}</c>; the message is not processed (so
    /// <c>ErrCode(0, "ok")</c> loses it silently).
    /// </summary>
    /// <param name="errcode">The errcode, for example -1 (system busy) or 410100 (throttled).</param>
    /// <param name="errmsg">The errmsg.</param>
    /// <returns>The fault.</returns>
    public static RobotFault ErrCode(int errcode, string errmsg)
    {
        ArgumentNullException.ThrowIfNull(errmsg);
        return new RobotFault(RobotFaultKind.ErrCode, string.Create(CultureInfo.InvariantCulture, $"ErrCode({errcode}, \"{errmsg}\")"))
        {
            Code = errcode,
            Message = errmsg,
        };
    }

    /// <summary>
    /// Waits (on <see cref="RobotEmulatorOptions.TimeProvider"/>) before processing the request normally — even if
    /// the client has given up by then, the worst case for duplicates: a retry may be accepted first and the
    /// delayed original after it, unless both carry the same <c>msgUuid</c>. A delayed request still waiting when
    /// an outage starts or the emulator is disposed is dropped without being processed.
    /// </summary>
    /// <param name="delay">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> never answers.</param>
    /// <returns>The fault.</returns>
    public static RobotFault Delay(TimeSpan delay)
    {
        if (delay < TimeSpan.Zero && delay != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), "The delay must not be negative (or Timeout.InfiniteTimeSpan).");
        }

        var name = delay == Timeout.InfiniteTimeSpan ? "Delay(Infinite)" : string.Create(CultureInfo.InvariantCulture, $"Delay({delay})");
        return new RobotFault(RobotFaultKind.Delay, name)
        {
            Duration = delay,
        };
    }

    /// <summary>
    /// Aborts the connection after reading the request, without any response; the message is not processed.
    /// The client sees an <see cref="HttpRequestException"/>.
    /// </summary>
    /// <returns>The fault.</returns>
    public static RobotFault DropConnection() => new(RobotFaultKind.DropConnection, "DropConnection");

    /// <summary>Answers HTTP 200 with an HTML body instead of JSON (as a captive portal or a misrouted gateway would); the message is not processed.</summary>
    /// <returns>The fault.</returns>
    public static RobotFault NonJson() => new(RobotFaultKind.NonJson, "NonJson");

    /// <summary>The fault's name as recorded in <see cref="ReceivedRequest.Fault"/>, for example <c>HttpStatus(502)</c>.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => _name;
}
