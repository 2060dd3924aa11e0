// A .NET 8 hosted app on the 8.0 packages, configured from its environment (Logging__DingTalk__WebhookUrl, ...), with
// the health check: it logs one error that says the check's status, and stops; the provider flushes on host stop.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddDingTalk();
builder.Services.AddHealthChecks().AddDingTalk();
using var host = builder.Build();
await host.StartAsync();
var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Net8")
    .LogError("A .NET 8 app on the 8.0 packages, healthy before: {Status}", health.Status);
await host.StopAsync();
