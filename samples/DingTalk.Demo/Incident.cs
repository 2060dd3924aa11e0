using System.Diagnostics;
using Serilog;

namespace DingTalk.Demo;

/// <summary>
/// A short incident, told the way the alert memory tells it: a new problem (payment timeouts), the same problem still
/// going (no new message), a second problem (orders failing), and recovery (quiet).
/// </summary>
internal static class Incident
{
    /// <summary>How long without events makes a group quiet in the demo (5 minutes by default).</summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromSeconds(5);

    public static int EventCount { get; private set; }

    public static async Task PlayAsync(ILogger logger, TextWriter output)
    {
        var orders = logger.ForContext("SourceContext", "OrderService.Api.OrdersController");
        var payments = logger.ForContext("SourceContext", "OrderService.Payments.PaymentGatewayClient");
        var start = DateTime.UtcNow;
        var orderId = 10_000;

        Say(output, start, "Act 1: the payment provider stops answering: 50 timeouts a second (a new problem).");
        logger.Information("Below the sink's level: never sent");
        await PaymentsFailAsync(payments, TimeSpan.FromSeconds(4), () => orderId++);

        Say(output, start, "Act 2: still failing. Nothing new to tell, so no message: the counts ride along.");
        await PaymentsFailAsync(payments, TimeSpan.FromSeconds(4), () => orderId++);

        Say(output, start, "Act 3: a second problem: orders fail in other ways, while the timeouts go on.");
        using (var request = new Activity("POST /orders/10042").Start())
        {
            // Logged under a trace (W3C ids, as ASP.NET Core's request activity has): the digest shows its trace id and
            // the link configured in Program.cs.
            OrdersFail(orders);
        }

        await PaymentsFailAsync(payments, TimeSpan.FromSeconds(2), () => orderId++);

        Say(output, start, $"Act 4: the payment provider recovers; after {QuietAfter.TotalSeconds:0} s without events each group is told quiet, once.");
        await Task.Delay(QuietAfter + TimeSpan.FromSeconds(5));
    }

    // Fifty timeouts a second, each with a slow-response warning every second.
    private static async Task PaymentsFailAsync(ILogger payments, TimeSpan duration, Func<int> nextOrder)
    {
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            payments.Warning("Slow response from {Endpoint}: {ElapsedMs} ms", "https://pay.example.com/charge", 5000);
            EventCount++;
            for (var i = 0; i < 50; i++)
            {
                var orderId = nextOrder();
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

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static void OrdersFail(ILogger orders)
    {
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
    }

    private static void Say(TextWriter output, DateTime start, string line)
        => output.WriteLine($"[{(DateTime.UtcNow - start).TotalSeconds,5:0.0}s] {line}");
}
