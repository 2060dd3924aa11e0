using System.Net;

namespace DingTalk.AspNetCore.Sample;

/// <summary>A stand-in for a payment provider's API that is having a bad day.</summary>
internal static class PaymentGateway
{
    public static async Task CaptureAsync(int orderId, decimal amount, CancellationToken cancellationToken)
    {
        await Task.Delay(5, cancellationToken);
        throw new HttpRequestException(
            $"Response status code does not indicate success: 503 (Service Unavailable) from POST /v2/payments/{orderId}/capture ({amount:0.00} CNY).",
            inner: null,
            HttpStatusCode.ServiceUnavailable);
    }
}
