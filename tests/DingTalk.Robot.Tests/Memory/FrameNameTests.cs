using DingTalk.Robot.Digest.Memory;

namespace DingTalk.Robot.Tests.Memory;

public sealed class FrameNameTests
{
    [Theory]
    [InlineData("Contoso.Orders.Repository", "Load", "Contoso.Orders.Repository.Load")]
    [InlineData("Contoso.Orders.Repository+<LoadAsync>d__3", "MoveNext", "Contoso.Orders.Repository.LoadAsync")]
    [InlineData("Contoso.Orders.Repository.<LoadAsync>d__3", "MoveNext", "Contoso.Orders.Repository.LoadAsync")]
    [InlineData("Contoso.Orders.Repository+<>c", "<LoadAsync>b__3_0", "Contoso.Orders.Repository.LoadAsync")]
    [InlineData("Contoso.Orders.Repository+<>c__DisplayClass3_0", "<LoadAsync>b__0", "Contoso.Orders.Repository.LoadAsync")]
    [InlineData("Contoso.Orders.Repository+<>c+<<LoadAsync>b__3_0>d", "MoveNext", "Contoso.Orders.Repository.LoadAsync")]
    [InlineData("Contoso.Orders.Repository", "<LoadAsync>g__Parse|3_0", "Contoso.Orders.Repository.LoadAsync")]
    [InlineData("Contoso.Orders.Repository`1+<LoadAsync>d__3", "MoveNext", "Contoso.Orders.Repository.LoadAsync")]
    [InlineData("Contoso.Orders.Repository+Cache`2", "Get", "Contoso.Orders.Repository.Cache.Get")]
    [InlineData("Contoso.Orders.Cart+<System.Collections.IEnumerable.GetEnumerator>d__1", "MoveNext", "Contoso.Orders.Cart.System.Collections.IEnumerable.GetEnumerator")]
    [InlineData("Program", "<Main>$", "Program.Main")]
    public void Compiler_generated_names_become_the_method_they_were_written_in(string type, string method, string expected)
        => Assert.Equal(expected, FrameName.Of(type, method));

    [Theory]
    [InlineData(null, "Invoke")]
    [InlineData("", "Invoke")]
    [InlineData("Contoso.Orders.Repository+<>c", "<>m__Finally1")]
    [InlineData("<>f__AnonymousType0`1", "get_Name")]
    public void Frames_that_are_only_plumbing_have_no_name(string? type, string method)
        => Assert.Null(FrameName.Of(type, method));

    [Fact]
    public void Generic_arguments_and_arity_are_dropped_so_a_library_upgrade_does_not_change_the_name()
    {
        const string constructed = "Contoso.Orders.DomainException`1[[System.Int32, System.Private.CoreLib, Version=10.0.0.0, Culture=neutral, PublicKeyToken=7cec85d7bea7798e]]";
        Assert.Equal("Contoso.Orders.DomainException", FrameName.TypeName(constructed));
        Assert.Equal("Contoso.Orders.Outer.Inner", FrameName.TypeName("Contoso.Orders.Outer`1+Inner"));
    }

    [Theory]
    [InlineData("Contoso.Orders.Repository.Load", true)]
    [InlineData("DingTalk.Demo.Incident.PlayAsync", true)]
    [InlineData("SystemMonitor.Probe.Run", true)]
    [InlineData("DingTalk.RobotFleet.Dispatcher.Run", true)]
    [InlineData("System.Number.ThrowFormatException", false)]
    [InlineData("System.Runtime.CompilerServices.TaskAwaiter.ThrowForNonSuccess", false)]
    [InlineData("Microsoft.Extensions.Logging.Logger.Log", false)]
    [InlineData("Serilog.Core.Logger.Write", false)]
    [InlineData("DingTalk.Robot.Digest.Engine.DigestEngine.Emit", false)]
    [InlineData("DingTalk.Extensions.Logging.DingTalkLogger.Log", false)]
    [InlineData("Interop.Kernel32.ReadFile", false)]
    public void The_runtime_the_framework_the_logging_stack_and_this_library_are_not_in_app(string name, bool inApp)
        => Assert.Equal(inApp, FrameName.IsInApp(name));
}
