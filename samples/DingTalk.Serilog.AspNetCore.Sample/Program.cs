// The Serilog way: Serilog.AspNetCore 10 reads the sink from appsettings.json ("Serilog": { "WriteTo": [ DingTalk ] }),
// and GET /health reports whether the robot accepts the digests (AddHealthChecks().AddDingTalk()).
//
// With no webhook configured (Serilog:WriteTo:0:Args:webhookUrl, or DINGTALK_WEBHOOK), the sample starts the robot
// emulator on loopback and points the sink at it; every digest the "group" receives is printed.
//
//   dotnet run --project samples/DingTalk.Serilog.AspNetCore.Sample -- --urls http://127.0.0.1:5081
//   curl http://127.0.0.1:5081/fail      (an error: one digest 5 s later)
//   curl http://127.0.0.1:5081/health    (Healthy; Degraded while throttled or retrying; Unhealthy after a refusal)
using DingTalk.Robot.Testing;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
const string WebhookKey = "Serilog:WriteTo:0:Args:webhookUrl";

var webhook = Environment.GetEnvironmentVariable("DINGTALK_WEBHOOK") is { Length: > 0 } fromEnvironment ? fromEnvironment : builder.Configuration[WebhookKey];
await using var robot = string.IsNullOrWhiteSpace(webhook) ? await RobotEmulator.StartAsync() : null;
if (robot is not null)
{
    webhook = robot.WebhookUrl;
    robot.MessageReceived += message => Console.WriteLine($"--- DingTalk digest ---\n{message.Title}\n{message.Text}\n");
    Console.WriteLine("No DingTalk webhook configured: digests go to the robot emulator on loopback and are printed here.");
}

builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [WebhookKey] = webhook });
builder.Services.AddSerilog((services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services));
builder.Services.AddHealthChecks().AddDingTalk();

var app = builder.Build();
app.UseSerilogRequestLogging();
app.MapGet("/", () => "GET /fail logs an error (a digest follows); GET /health says how the digests fare.\n");
app.MapGet("/fail", (ILogger<Program> logger) =>
{
    logger.LogError(new InvalidOperationException("The payment gateway refused the card"), "Order {OrderId} failed", Random.Shared.Next(1000, 9999));
    return Results.Problem("The order failed; DingTalk hears of it in the next digest.");
});
app.MapHealthChecks("/health");

await app.RunAsync();
