// An order API that fails now and then, with its problems delivered to a DingTalk group by the logging provider:
// builder.Logging.AddDingTalk() reads Logging:DingTalk (appsettings.json). Warnings and errors are batched for
// BufferingTimeLimit (5 s here) and sent as ONE markdown digest per batch.
//
// With no webhook configured, the sample starts the robot emulator (DingTalk.Robot.Testing) on loopback, points the
// provider at it and prints every digest the "group" receives. For a real robot, set DINGTALK_WEBHOOK (and
// DINGTALK_SECRET when it uses 加签) or Logging:DingTalk:WebhookUrl / Logging:DingTalk:Secret; if the robot uses
// custom keywords, put one of them in Logging:DingTalk:Keywords.
//
//   dotnet run --project samples/DingTalk.AspNetCore.Sample -- --urls http://127.0.0.1:5080
//   curl http://127.0.0.1:5080/orders/1 ... /orders/9      (every 3rd id fails, every 7th crashes, some are slow)
using DingTalk.AspNetCore.Sample;
using DingTalk.Robot.Testing;

var builder = WebApplication.CreateBuilder(args);

var overrides = new Dictionary<string, string?>();
if (Environment.GetEnvironmentVariable("DINGTALK_WEBHOOK") is { Length: > 0 } webhook)
{
    overrides["Logging:DingTalk:WebhookUrl"] = webhook;
    if (Environment.GetEnvironmentVariable("DINGTALK_SECRET") is { Length: > 0 } secret)
    {
        overrides["Logging:DingTalk:Secret"] = secret;
    }
}

var dingTalk = builder.Configuration.GetSection("Logging:DingTalk");
await using var robot = string.IsNullOrWhiteSpace(overrides.GetValueOrDefault("Logging:DingTalk:WebhookUrl") ?? dingTalk["WebhookUrl"])
    ? await RobotEmulator.StartAsync(new RobotEmulatorOptions
    {
        // The emulated robot has the security settings the configuration describes.
        Secret = string.IsNullOrEmpty(dingTalk["Secret"]) ? null : dingTalk["Secret"],
        Keywords = dingTalk.GetSection("Keywords").GetChildren().Select(k => k.Value!).Where(k => k.Length > 0).ToList(),
    })
    : null;

if (robot is not null)
{
    overrides["Logging:DingTalk:WebhookUrl"] = robot.WebhookUrl;
    robot.MessageReceived += DigestConsole.Print;
    Console.WriteLine("No DingTalk webhook configured: digests go to the robot emulator on loopback and are printed here.");
}

// Added last, so these win over appsettings.json, environment variables and the command line.
builder.Configuration.AddInMemoryCollection(overrides);
builder.Logging.AddDingTalk();
builder.Services.AddHealthChecks().AddDingTalk();   // GET /health: Healthy, Degraded (throttled, retrying), Unhealthy (refused)

var app = builder.Build();
app.MapHealthChecks("/health");

app.MapGet("/", () => Results.Text(
    "GET /orders/{id}: every 3rd id fails to charge (error), every 7th crashes (unhandled), ids ending in 4 are slow (warning).\n" +
    (robot is null ? "Digests go to the configured DingTalk robot.\n" : "Digests go to the robot emulator and are printed on this app's console.\n")));

app.MapGet("/orders/{id:int}", OrderEndpoint.GetAsync);

await app.RunAsync();
