using Serilog;

namespace DingTalk.Demo;

/// <summary>A short incident: warnings, a burst of identical timeouts, a few distinct errors, then a fatal.</summary>
internal static class Incident
{
    public static int EventCount { get; private set; }

    public static async Task PlayAsync(ILogger logger, TextWriter output)
    {
        var orders = logger.ForContext("SourceContext", "OrderService.Api.OrdersController");
        var payments = logger.ForContext("SourceContext", "OrderService.Payments.PaymentGatewayClient");
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
        for (var orderId = 10_000; orderId < 10_500; orderId++)
        {
            try
            {
                PaymentGatewayClient.Charge(orderId);
            }
            catch (TimeoutException ex)
            {
                payments.Error(ex, "Timeout calling {Service} for order {OrderId}", "PaymentGateway", orderId);
                EventCount++;
            }
        }

        try
        {
            OrderProcessor.Complete(10042);
        }
        catch (InvalidOperationException ex)
        {
            orders.Error(ex, "Could not complete order {OrderId}", 10042);
            EventCount++;
        }

        try
        {
            StockReservation.Reserve(10051);
        }
        catch (AggregateException ex)
        {
            orders.Error(ex, "Reserving stock for order {OrderId} failed", 10051);
            EventCount++;
        }

        orders.Error("Refund for order {OrderId} rejected: 订单已关闭 (order closed)", 9977);
        EventCount++;
        await Task.Delay(TimeSpan.FromSeconds(4));

        Say(output, start, "Act 3: the circuit breaker opens; the service gives up.");
        try
        {
            CircuitBreaker.Guard();
        }
        catch (InvalidOperationException ex)
        {
            logger.Fatal(ex, "OrderService is shutting down: {Reason}", "payments unavailable");
            EventCount++;
        }
    }

    private static void Say(TextWriter output, DateTime start, string line)
        => output.WriteLine($"[{(DateTime.UtcNow - start).TotalSeconds,5:0.0}s] {line}");
}
