// A hosted worker published as native AOT, configured like any hosted app: Logging:DingTalk from its environment
// (Logging__DingTalk__WebhookUrl, ...). It logs one error and stops; the provider flushes on host stop.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddDingTalk();
using var host = builder.Build();
await host.StartAsync();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Worker")
    .LogError(new InvalidOperationException("The nightly export found no file"), "Native AOT job {JobId} failed", 7);
await host.StopAsync();
