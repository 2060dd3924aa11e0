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
            var request = context.Request;
            state.Record(new ReceivedRequest(
                arrivedAt, request.Method, request.Path.Value ?? "", request.ContentType, 0, null, null, false,
                StatusCodes.Status500InternalServerError, null, $"emulator error: {ex.GetType().Name}: {ex.Message}", false, null));
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
            state.Record(new ReceivedRequest(
                arrivedAt, request.Method, request.Path.Value ?? "", request.ContentType, (int)Math.Min(request.ContentLength ?? 0, int.MaxValue),
                null, null, false, StatusCodes.Status404NotFound, null, null, false, null));
            await ResponseWriter.WriteHtmlAsync(context.Response, StatusCodes.Status404NotFound);
            return;
        }

        var fault = state.TryDequeueFault();
        var body = await TryReadBodyAsync(context);
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
            case RobotFaultKind.Delay when !await TryDelayAsync(fault.Duration, serverStopping):
                // An outage or disposal cut the delay short: the request dies with the server.
                state.Record(incoming.ToRecord(0, null, fault.ToString()));
                context.Abort();
                return;
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
    private async Task<byte[]?> TryReadBodyAsync(HttpContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            var request = context.Request;
            state.Record(new ReceivedRequest(
                timeProvider.GetUtcNow(), request.Method, request.Path.Value ?? "", request.ContentType, 0, null, null, false,
                0, null, "the request body could not be read: " + ex.Message, false, null));
            context.Abort();
            return null;
        }
    }

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
