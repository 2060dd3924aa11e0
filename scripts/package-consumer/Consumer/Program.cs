// A user's first program against the packages: the robot emulator, one error through Serilog, one through
// Microsoft.Extensions.Logging, one from the native AOT worker whose path is the first argument, one from the net8.0
// app pinned to 8.0.x packages whose assembly is the second (run on this machine's newest runtime), and one through
// Serilog in fleet mode (DingTalk.Robot.Redis, found by the core from the package; the Redis of DINGTALK_TEST_REDIS when
// CI gives one, else an unreachable one: fleet mode fails open and the digest still arrives).
// Exit code 0 when the emulator received the five digests, 1 otherwise.
using System.Diagnostics;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.Logging;
using Serilog;

const string Secret = "SEC0123456789abcdef";
await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = Secret, Keywords = { "alert" } });

var serilog = new LoggerConfiguration()
    .WriteTo.DingTalk(robot.WebhookUrl, secret: Secret, keyword: "alert", title: "SerilogConsumer")
    .CreateLogger();
serilog.Error(new InvalidOperationException("The payment gateway refused the card"), "Order {OrderId} failed", 1042);
await serilog.DisposeAsync(); // flushes: the digest goes out now, not after the buffering time

var fleet = new LoggerConfiguration()
    .WriteTo.DingTalk(
        robot.WebhookUrl,
        secret: Secret,
        keyword: "alert",
        title: "FleetConsumer",
        fleetRedis: Environment.GetEnvironmentVariable("DINGTALK_TEST_REDIS") ?? "127.0.0.1:1",
        fleetName: "consumer")
    .CreateLogger();
fleet.Error("Order {OrderId} failed on one of the replicas", 1044);
await fleet.DisposeAsync();

using (var factory = LoggerFactory.Create(logging => logging.AddDingTalk(options =>
{
    options.WebhookUrl = robot.WebhookUrl;
    options.Secret = Secret;
    options.Keywords = ["alert"];
    options.Title = "MelConsumer";
})))
{
    factory.CreateLogger("Checkout").LogError(new TimeoutException("Inventory did not answer within 5 s"), "Reserving stock for order {OrderId} timed out", 1043);
} // disposing the factory disposes the provider, which flushes

var worker = new ProcessStartInfo(args[0]);
worker.Environment["Logging__DingTalk__WebhookUrl"] = robot.WebhookUrl;
worker.Environment["Logging__DingTalk__Secret"] = Secret;
worker.Environment["Logging__DingTalk__Keywords__0"] = "alert";
worker.Environment["Logging__DingTalk__Title"] = "AotConsumer";
using (var process = Process.Start(worker)!)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    await process.WaitForExitAsync(timeout.Token);
    Console.WriteLine($"consumer: the native AOT worker exited with {process.ExitCode}");
}

var net8 = new ProcessStartInfo("dotnet", [args[1]]);
net8.Environment["DOTNET_ROLL_FORWARD"] = "Major";
net8.Environment["Logging__DingTalk__WebhookUrl"] = robot.WebhookUrl;
net8.Environment["Logging__DingTalk__Secret"] = Secret;
net8.Environment["Logging__DingTalk__Keywords__0"] = "alert";
net8.Environment["Logging__DingTalk__Title"] = "Net8Consumer";
using (var process = Process.Start(net8)!)
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    await process.WaitForExitAsync(timeout.Token);
    Console.WriteLine($"consumer: the net8.0 app exited with {process.ExitCode}");
}

IReadOnlyList<ReceivedMessage> messages;
try
{
    messages = await robot.WaitForMessagesAsync(5, TimeSpan.FromSeconds(30));
}
catch (TimeoutException ex)
{
    Console.WriteLine("consumer: " + ex.Message);
    return 1;
}

foreach (var message in messages)
{
    Console.WriteLine($"consumer: received {message.MsgType} '{message.Title}'");
}

bool Has(string title, string text) => messages.Any(m =>
    m.MsgType == "markdown" && m.Text!.Contains(title, StringComparison.Ordinal) && m.Text.Contains(text, StringComparison.Ordinal));
var ok = messages.Count == 5
    && Has("SerilogConsumer", "Order 1042 failed")
    && Has("Net8Consumer", "healthy before: Healthy")
    && Has("FleetConsumer", "Order 1044 failed on one of the replicas")
    && Has("MelConsumer", "order 1043 timed out")
    && Has("AotConsumer", "job 7 failed")
    && robot.Requests.All(r => r.ErrCode == 0);
Console.WriteLine(ok ? "consumer: 5 digests received" : "consumer: unexpected digests:\n" + string.Join("\n---\n", messages.Select(m => m.Text)));
return ok ? 0 : 1;
