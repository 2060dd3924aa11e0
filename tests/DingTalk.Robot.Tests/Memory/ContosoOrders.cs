using System.Globalization;

// An application's own code, outside the DingTalk.Robot namespaces (whose frames are the library's and skipped).
namespace Contoso.Orders;

internal static class PaymentGateway
{
    /// <summary>A timeout thrown and caught here, its message naming the order.</summary>
    public static Exception Charge(int orderId) => Catch(() => throw new TimeoutException("Charging order " + orderId + " timed out."));

    /// <summary>The same exception type thrown from two different lines of one method.</summary>
    public static Exception ChargeOrRefund(bool refund)
    {
        try
        {
            if (refund)
            {
                throw new TimeoutException("Refund timed out.");
            }

            throw new TimeoutException("Charge timed out after 5 s.");
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>An <see cref="InvalidOperationException"/> thrown from the same method.</summary>
    public static Exception Decline(int orderId)
    {
        try
        {
            throw new InvalidOperationException("Order " + orderId + " declined.");
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static Exception Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("did not throw");
    }
}

internal static class Inventory
{
    /// <summary>Throws a timeout to its caller.</summary>
    public static void ReserveOrThrow(int orderId)
        => throw new TimeoutException("Reserving stock for order " + orderId + " timed out.");

    /// <summary>A timeout like <see cref="PaymentGateway.ChargeOrRefund"/>'s, from another method of the app.</summary>
    public static Exception Reserve(int orderId)
    {
        try
        {
            throw new TimeoutException("Reserving stock for order " + orderId + " timed out.");
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

internal static class OrderRepository
{
    /// <summary>Wraps the timeout of <see cref="Inventory.ReserveOrThrow"/> in an <see cref="InvalidOperationException"/>.</summary>
    public static Exception Reserve(int orderId)
    {
        try
        {
            try
            {
                Inventory.ReserveOrThrow(orderId);
            }
            catch (Exception inner)
            {
                throw new InvalidOperationException("Saving the order failed.", inner);
            }
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("did not throw");
    }

    /// <summary>Throws after an await, from the async state machine's MoveNext.</summary>
    public static async Task LoadAsync(int orderId)
    {
        await Task.Yield();
        throw new InvalidOperationException("Order " + orderId + " not found.");
    }

    /// <summary>Wraps the inner exception <paramref name="cause"/> in an <see cref="InvalidOperationException"/>.</summary>
    public static Exception Save(Exception cause)
    {
        try
        {
            try
            {
                throw cause;
            }
            catch (Exception inner)
            {
                throw new InvalidOperationException("Saving the order failed.", inner);
            }
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

internal static class OrderImport
{
    /// <summary>A <see cref="FormatException"/> thrown inside the framework (int.Parse) from a lambda of this method.</summary>
    public static Exception Parse(params string[] quantities)
    {
        try
        {
            _ = quantities.Select(q => int.Parse(q, CultureInfo.InvariantCulture)).ToList();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("did not throw");
    }
}
