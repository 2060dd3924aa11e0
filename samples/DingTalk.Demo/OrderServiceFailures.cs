using System.Runtime.CompilerServices;

namespace DingTalk.Demo;

// Stand-ins for the incident's failing code, so the digest shows realistic exceptions and stack frames.

internal static class PaymentGatewayClient
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Charge(int orderId) => HttpTransport.Send("POST /charge", orderId);
}

internal static class HttpTransport
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Send(string request, int orderId)
        => throw new TimeoutException($"The request '{request}' for order {orderId} was canceled after 00:00:05.");
}

internal static class OrderProcessor
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Complete(int orderId)
        => throw new InvalidOperationException($"Order {orderId} is already being processed by another worker.");
}

internal static class StockReservation
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Reserve(int orderId)
    {
        var failures = new List<Exception>();
        foreach (var sku in new[] { "A-17", "B-02" })
        {
            try
            {
                Warehouse.Hold(sku, orderId);
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        throw new AggregateException($"Reserving stock for order {orderId} failed for {failures.Count} items.", failures);
    }
}

internal static class Warehouse
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Hold(string sku, int orderId)
        => throw (sku == "A-17"
            ? new KeyNotFoundException($"SKU '{sku}' was not found in warehouse SH-2.")
            : new TimeoutException($"Warehouse SH-2 did not answer for SKU '{sku}' (order {orderId})."));
}

internal static class CircuitBreaker
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Guard() => throw new InvalidOperationException("Circuit breaker 'payments' is open: 500 failures in 00:00:04.");
}
