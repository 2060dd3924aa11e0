using Contoso.Orders;
using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Tests.Memory;

public sealed class AlertFingerprintTests
{
    private const string Template = "Timeout calling {Service} for order {OrderId}";

    [Fact]
    public void Is_the_same_for_the_same_template_whatever_the_arguments_and_exception_messages()
    {
        // Charge(1) and Charge(2) render different messages and throw exceptions with different messages.
        var first = PaymentGateway.Charge(1);
        var second = PaymentGateway.Charge(2);
        Assert.NotEqual(first.Message, second.Message);

        Assert.Equal(AlertFingerprint.Of(Template, first), AlertFingerprint.Of(Template, second));
    }

    [Fact]
    public void Is_the_same_for_throws_from_different_lines_of_one_method()
    {
        var refund = PaymentGateway.ChargeOrRefund(refund: true);
        var charge = PaymentGateway.ChargeOrRefund(refund: false);
        Assert.NotEqual(refund.StackTrace, charge.StackTrace);

        Assert.Equal(AlertFingerprint.Of(Template, refund), AlertFingerprint.Of(Template, charge));
    }

    [Fact]
    public void Differs_for_a_different_exception_type_from_the_same_frame()
        => Assert.NotEqual(
            AlertFingerprint.Of(Template, PaymentGateway.ChargeOrRefund(refund: false)),
            AlertFingerprint.Of(Template, PaymentGateway.Decline(1)));

    [Fact]
    public void Differs_for_the_same_exception_type_from_another_in_app_frame()
        => Assert.NotEqual(
            AlertFingerprint.Of(Template, PaymentGateway.ChargeOrRefund(refund: false)),
            AlertFingerprint.Of(Template, Inventory.Reserve(1)));

    [Fact]
    public void Differs_for_a_different_innermost_exception_type_behind_the_same_wrapper()
    {
        var timeout = OrderRepository.Save(new TimeoutException("Disk slow."));
        var denied = OrderRepository.Save(new UnauthorizedAccessException("Disk read-only."));

        Assert.NotEqual(AlertFingerprint.Of(Template, timeout), AlertFingerprint.Of(Template, denied));
        Assert.Equal(AlertFingerprint.Of(Template, timeout), AlertFingerprint.Of(Template, OrderRepository.Save(new TimeoutException("Disk slower."))));
    }

    [Fact]
    public void Differs_for_a_different_template()
        => Assert.NotEqual(AlertFingerprint.OfTemplate(Template), AlertFingerprint.OfTemplate("Could not complete order {OrderId}"));

    [Fact]
    public void The_users_fingerprint_wins_over_template_and_exception()
    {
        var database = AlertFingerprint.Of(Template, PaymentGateway.Charge(1), "database-down");

        Assert.Equal(database, AlertFingerprint.Of("Could not complete order {OrderId}", Inventory.Reserve(2), " database-down "));
        Assert.Equal(database, AlertFingerprint.OfTemplate("Another template", "database-down"));
        Assert.NotEqual(database, AlertFingerprint.Of(Template, PaymentGateway.Charge(1)));
        Assert.NotEqual(database, AlertFingerprint.OfTemplate("database-down"));

        // A blank value is no fingerprint at all.
        Assert.Equal(AlertFingerprint.OfTemplate(Template), AlertFingerprint.OfTemplate(Template, "  "));
    }

    [Fact]
    public async Task An_async_frame_is_named_by_its_method_not_its_state_machine()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => OrderRepository.LoadAsync(7));

        Assert.Equal("Contoso.Orders.OrderRepository.LoadAsync", InAppFrame.Of(ExceptionChain.Of(exception)));
    }

    [Fact]
    public void Framework_frames_are_skipped_and_a_lambda_is_named_by_its_method()
    {
        var exception = OrderImport.Parse("1", "two");

        Assert.IsType<FormatException>(exception);
        Assert.Equal("Contoso.Orders.OrderImport.Parse", InAppFrame.Of(ExceptionChain.Of(exception)));
        Assert.Equal("Contoso.Orders.PaymentGateway.Charge", InAppFrame.Of(ExceptionChain.Of(PaymentGateway.Charge(1))));
    }

    [Fact]
    public void The_innermost_exceptions_frame_is_the_origin()
    {
        var wrapped = OrderRepository.Reserve(3);

        Assert.Equal("Contoso.Orders.Inventory.ReserveOrThrow", InAppFrame.Of(ExceptionChain.Of(wrapped)));
        Assert.Equal("Contoso.Orders.OrderRepository.Reserve", InAppFrame.Of(ExceptionChain.Of(wrapped).Take(1).ToList()));
    }

    [Fact]
    public void An_exception_never_thrown_has_no_frame_and_is_told_by_its_types()
    {
        var first = new TimeoutException("first message");
        var second = new TimeoutException("second message");

        Assert.Null(InAppFrame.Of(ExceptionChain.Of(first)));
        Assert.Equal(AlertFingerprint.Of(Template, first), AlertFingerprint.Of(Template, second));
        Assert.NotEqual(AlertFingerprint.Of(Template, first), AlertFingerprint.Of(Template, new InvalidOperationException("first message")));
        Assert.NotEqual(AlertFingerprint.OfTemplate(Template), AlertFingerprint.Of(Template, first));
    }

    [Fact]
    public void The_template_only_form_is_the_fingerprint_without_an_exception()
    {
        Assert.Equal(AlertFingerprint.Of(Template, null), AlertFingerprint.OfTemplate(Template));
        Assert.Equal(AlertFingerprint.OfTemplate(null), AlertFingerprint.OfTemplate(string.Empty));
    }

    [Fact]
    public void Is_stable_across_processes_and_releases()
    {
        // Fixed values (checked independently: SHA-256 over the length-prefixed fields, first 8 bytes): a per-process
        // hash (string.GetHashCode) or a changed recipe fails here, not in production where every group would
        // silently become new again after a restart.
        Assert.Equal("63a3a2b6434bcf37", AlertFingerprint.OfTemplate(Template).ToString());
        Assert.Equal("1f373222a71b1518", AlertFingerprint.Of(Template, PaymentGateway.Charge(1)).ToString());
        Assert.Equal("81ddf4b900f14838", AlertFingerprint.Of(Template, new TimeoutException("never thrown")).ToString());
        Assert.Equal("15a193b8cdb9132a", AlertFingerprint.OfTemplate(Template, "database-down").ToString());
    }

    [Fact]
    public void A_deep_chain_is_bounded()
    {
        Exception chain = new TimeoutException("root");
        for (var i = 0; i < 10_000; i++)
        {
            chain = new InvalidOperationException("wrapper " + i, chain);
        }

        Assert.Equal(32, ExceptionChain.Of(chain).Count);
        Assert.Equal(AlertFingerprint.Of(Template, chain), AlertFingerprint.Of(Template, chain));
    }
}
