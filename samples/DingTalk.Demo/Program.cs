// The demo: a short, realistic incident logged through Serilog into DingTalk.
// With no settings it runs against the robot emulator on loopback and prints each digest as the group receives it.
// With DINGTALK_WEBHOOK (and DINGTALK_SECRET, DINGTALK_KEYWORD) set, it sends to that real robot instead.
using System.Diagnostics;
using DingTalk.Demo;
using DingTalk.Robot.Testing;
using Serilog;
using Serilog.Debugging;

var stopwatch = Stopwatch.StartNew();
var realWebhook = Environment.GetEnvironmentVariable("DINGTALK_WEBHOOK");
var useEmulator = string.IsNullOrWhiteSpace(realWebhook);

SelfLog.Enable(line => Console.Error.WriteLine("  [SelfLog] " + line));

await using var robot = useEmulator
    ? await RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = DemoSettings.EmulatorSecret, Keywords = { DemoSettings.EmulatorKeyword } })
    : null;

var webhook = robot?.WebhookUrl ?? realWebhook!;
var secret = robot is null ? Environment.GetEnvironmentVariable("DINGTALK_SECRET") : DemoSettings.EmulatorSecret;
var keyword = robot is null ? Environment.GetEnvironmentVariable("DINGTALK_KEYWORD") : DemoSettings.EmulatorKeyword;

var printer = new DigestPrinter(stopwatch);
if (robot is not null)
{
    robot.MessageReceived += printer.Print;
    Console.WriteLine("DingTalk demo: an incident in 'OrderService', delivered to the robot emulator on loopback (signed, with a keyword).");
}
else
{
    Console.WriteLine("DingTalk demo: an incident in 'OrderService', delivered to YOUR robot (DINGTALK_WEBHOOK). Check the group.");
}

Log.Logger = new LoggerConfiguration()
    .MinimumLevel.Debug()
    .WriteTo.DingTalk(
        webhook,
        secret: secret,
        keyword: keyword,
        title: "OrderService",
        atMobiles: ["13800000000"],
        bufferingTimeLimit: TimeSpan.FromSeconds(3),
        quietAfter: Incident.QuietAfter,
        links: new Dictionary<string, string> { ["Trace"] = "https://jaeger.example.com/trace/{TraceId}" })
    .CreateLogger();

await Incident.PlayAsync(Log.Logger, Console.Out);

Console.WriteLine($"[{stopwatch.Elapsed.TotalSeconds,5:0.0}s] Log.CloseAndFlushAsync(): delivering what is pending…");
await Log.CloseAndFlushAsync();

if (robot is not null)
{
    // What the group shows, as a page: open it in a browser, or render it with scripts/render-preview.sh.
    var preview = Path.GetFullPath("digest-preview.html");
    await File.WriteAllTextAsync(preview, robot.RenderChatHtml("OrderService on-call"));
    Console.WriteLine($"[{stopwatch.Elapsed.TotalSeconds,5:0.0}s] The chat as DingTalk shows it: {preview}");

    var digests = robot.Messages;
    var events = digests.Sum(m => DigestPrinter.EventCount(m.Text));
    Console.WriteLine($"[{stopwatch.Elapsed.TotalSeconds,5:0.0}s] Done: {Incident.EventCount} events logged, {digests.Count} digests received holding {events} events; " +
        $"{robot.Requests.Count(r => r.ErrCode is not 0)} requests refused; at most {robot.MaxMessagesInAnyRollingMinute()} messages in any minute.");
    return events == Incident.EventCount ? 0 : 1;
}

Console.WriteLine($"[{stopwatch.Elapsed.TotalSeconds,5:0.0}s] Done: {Incident.EventCount} events logged. Look at the group.");
return 0;
