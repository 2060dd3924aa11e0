using System.Diagnostics;

namespace DingTalk.AspNetCore.Sample;

/// <summary>
/// <c>GET /orders/{id}</c>, with a realistic share of trouble: every 3rd id fails to charge (an error with its
/// exception, answered 502), every 7th crashes (unhandled: ASP.NET Core logs the error and answers 500), and ids
/// ending in 4 are slow (a warning).
/// </summary>
internal sealed class OrderEndpoint
{
    public static async Task<IResult> GetAsync(int id, ILogger<OrderEndpoint> logger, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var order = await OrderStore.LoadAsync(id, cancellationToken);

        if (id % 10 == 4)
        {
            logger.LogWarning("Loading order {OrderId} took {ElapsedMs} ms, above the {BudgetMs} ms budget", id, 1830 + stopwatch.ElapsedMilliseconds, 500);
        }

        if (id % 3 == 0)
        {
            try
            {
                await PaymentGateway.CaptureAsync(id, order.Total, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                logger.LogError(ex, "Capturing the payment for order {OrderId} failed", id);
                return Results.Problem($"The payment for order {id} could not be captured; try again later.", statusCode: StatusCodes.Status502BadGateway);
            }
        }

        return Results.Ok(order);
    }
}

/// <summary>An order as the API returns it.</summary>
internal sealed record Order(int Id, string Status, decimal Total, string? ShippingAddress);

/// <summary>A stand-in for the order database.</summary>
internal static class OrderStore
{
    public static async Task<Order> LoadAsync(int id, CancellationToken cancellationToken)
    {
        await Task.Delay(id % 10 == 4 ? 50 : 5, cancellationToken);
        var order = new Order(id, "paid", 19.90m + id, id % 7 == 0 ? null : $"{id} Binjiang Road, Hangzhou");
        return order.ShippingAddress is null
            ? throw new InvalidOperationException($"Order {id} has no shipping address; the checkout should not have accepted it.")
            : order;
    }
}
