using Microsoft.AspNetCore.Http;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>Serves one HTTP request: routing, the injected fault, then DingTalk's checks, and the answer.</summary>
internal sealed class RequestHandler(RobotState state, TimeProvider timeProvider, Action<ReceivedMessage> onAccepted)
{
    private const string SendPath = "/robot/send";

    /// <summary>Handles a request; <paramref name="serverStopping"/> ends pending delays when the server stops.</summary>
    public async Task HandleAsync(HttpContext context, CancellationToken serverStopping)
    {
        var arrivedAt = timeProvider.GetUtcNow();
        try
        {
            await HandleCoreAsync(context, arrivedAt, serverStopping);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // An emulator bug: make it visible in Requests rather than as a bare 500.
            RecordUnread(context.Request, arrivedAt, StatusCodes.Status500InternalServerError, $"emulator error: {ex.GetType().Name}: {ex.Message}");
            if (!context.Response.HasStarted)
            {
                await ResponseWriter.WriteHtmlAsync(context.Response, StatusCodes.Status500InternalServerError);
            }
        }
    }

    private async Task HandleCoreAsync(HttpContext context, DateTimeOffset arrivedAt, CancellationToken serverStopping)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !string.Equals(request.Path.Value, SendPath, StringComparison.Ordinal))
        {
            RecordUnread(request, arrivedAt, StatusCodes.Status404NotFound, errMsg: null);
            await ResponseWriter.WriteHtmlAsync(context.Response, StatusCodes.Status404NotFound);
            return;
        }

        var fault = state.TryDequeueFault();
        var body = await TryReadBodyAsync(context, arrivedAt);
        if (body is null)
        {
            return;
        }

        var incoming = IncomingRequest.Create(arrivedAt, request, body);
        switch (fault?.Kind)
        {
            case RobotFaultKind.HttpStatus:
                state.Record(incoming.ToRecord(fault.StatusCode, null, fault.ToString()));
                await ResponseWriter.WriteHtmlAsync(context.Response, fault.StatusCode);
                return;
            case RobotFaultKind.ErrCode:
                var faultAnswer = new Answer(fault.Code, fault.Message);
                state.Record(incoming.ToRecord(StatusCodes.Status200OK, faultAnswer, fault.ToString()));
                await ResponseWriter.WriteJsonAsync(context.Response, faultAnswer);
                return;
            case RobotFaultKind.NonJson:
                state.Record(incoming.ToRecord(StatusCodes.Status200OK, null, fault.ToString()));
                await ResponseWriter.WriteHtmlAsync(context.Response, StatusCodes.Status200OK);
                return;
            case RobotFaultKind.DropConnection:
                state.Record(incoming.ToRecord(0, null, fault.ToString()));
                context.Abort();
                return;
            case RobotFaultKind.Delay:
                if (!await TryDelayAsync(fault.Duration, serverStopping))
                {
                    // An outage or disposal cut the delay short: the request dies with the server.
                    state.Record(incoming.ToRecord(0, null, fault.ToString()));
                    context.Abort();
                    return;
                }

                break;
        }

        var (answer, accepted) = state.Decide(incoming, fault?.ToString());
        if (accepted is not null)
        {
            onAccepted(accepted);
        }

        try
        {
            await ResponseWriter.WriteJsonAsync(context.Response, answer);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up during a delay: the message was processed all the same.
        }
    }

    /// <summary>Reads the whole body, or records the request and returns null when the client went away.</summary>
    private async Task<byte[]?> TryReadBodyAsync(HttpContext context, DateTimeOffset arrivedAt)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            RecordUnread(context.Request, arrivedAt, 0, "the request body could not be read: " + ex.Message);
            context.Abort();
            return null;
        }
    }

    /// <summary>Records a request whose body was not read (the ErrMsg, if any, is the emulator's note, not DingTalk's).</summary>
    private void RecordUnread(HttpRequest request, DateTimeOffset arrivedAt, int httpStatus, string? errMsg) =>
        state.Record(new ReceivedRequest(
            arrivedAt,
            request.Method,
            request.Path.Value ?? "",
            request.ContentType,
            (int)Math.Min(request.ContentLength ?? 0, int.MaxValue),
            msgUuid: null,
            timestamp: null,
            signed: false,
            httpStatus,
            errCode: null,
            errMsg,
            duplicate: false,
            fault: null));

    private async Task<bool> TryDelayAsync(TimeSpan delay, CancellationToken serverStopping)
    {
        try
        {
            await Task.Delay(delay, timeProvider, serverStopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
