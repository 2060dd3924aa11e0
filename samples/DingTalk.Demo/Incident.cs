using Serilog;

namespace DingTalk.Demo;

/// <summary>A short incident: warnings, a burst of identical timeouts, a few distinct errors, then a fatal.</summary>
internal static class Incident
{
    public static int EventCount { get; private set; }

    public static async Task PlayAsync(ILogger logger, TextWriter output)
    {
        var orders = logger.ForContext("SourceContext", "OrderService.Api.OrdersController");
        var payments = logger.ForContext("SourceContext", "OrderService.Payments.PaymentClient");
        var start = DateTime.UtcNow;

        Say(output, start, "Act 1: the payment provider slows down (warnings).");
        for (var i = 0; i < 6; i++)
        {
            payments.Warning("Slow response from {Endpoint}: {ElapsedMs} ms", "https://pay.example.com/charge", 1800 + (i * 250));
            EventCount++;
        }

        logger.Information("Below the sink's level: never sent");
        await Task.Delay(TimeSpan.FromSeconds(4));

        Say(output, start, "Act 2: it stops answering: 500 identical timeouts, plus distinct errors.");
        for (var i = 0; i < 500; i++)
        {
            payments.Error(Failure<TimeoutException>("The operation was canceled after 00:00:05."), "Timeout calling {Service} for order {OrderId}", "PaymentGateway", 10_000 + i);
            EventCount++;
        }

        orders.Error(Failure<InvalidOperationException>("Order 10042 is already being processed."), "Could not complete order {OrderId}", 10042);
        orders.Error(new AggregateException("Two reservations failed.", Failure<KeyNotFoundException>("SKU 'A-17' was not found."), Failure<TimeoutException>("Warehouse did not answer.")),
            "Reserving stock for order {OrderId} failed", 10051);
        orders.Error("Refund for order {OrderId} rejected: 订单已关闭 (order closed)", 9977);
        EventCount += 3;
        await Task.Delay(TimeSpan.FromSeconds(4));

        Say(output, start, "Act 3: the circuit breaker opens; the service gives up.");
        logger.Fatal(Failure<InvalidOperationException>("Circuit breaker 'payments' is open."), "OrderService is shutting down: {Reason}", "payments unavailable");
        EventCount++;
    }

    private static void Say(TextWriter output, DateTime start, string line)
        => output.WriteLine($"[{(DateTime.UtcNow - start).TotalSeconds,5:0.0}s] {line}");

    // A real stack trace, as a thrown exception has.
    private static Exception Failure<T>(string message)
        where T : Exception
    {
        try
        {
            Throw<T>(message);
        }
        catch (Exception ex)
        {
            return ex;
        }

        return new InvalidOperationException("unreachable");
    }

    private static void Throw<T>(string message)
        where T : Exception
        => throw (T)Activator.CreateInstance(typeof(T), message)!;
}
