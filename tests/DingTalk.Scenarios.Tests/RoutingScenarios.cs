using System.Text;
using DingTalk.Extensions.Logging;
using DingTalk.Robot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace DingTalk.Scenarios.Tests;

/// <summary>
/// Several robots, configured the way an application writes them: Serilog's appsettings.json (<c>WriteTo</c> DingTalk's
/// <c>robots</c>) and MEL's <c>Logging:DingTalk:Robots</c>. The team's robot (the default one) takes Warning and above,
/// the on-call robot takes Fatal and mentions everyone, and the payments robot takes the payments category for itself.
/// Each robot's emulator then holds exactly what its route accepts.
/// </summary>
public sealed class RoutingScenarios
{
    private const string Orders = "Checkout.Orders";
    private const string Payments = "Checkout.Payments";

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task Warnings_go_to_the_team_Fatal_also_to_on_call_with_at_all_and_a_category_to_its_own_robot(FrontEnd frontEnd)
    {
        await using var team = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "aaaa1111" });
        await using var onCall = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "bbbb2222" });
        await using var payments = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "cccc3333" });

        await using (var app = await RoutedApp.StartAsync(frontEnd, team.WebhookUrl, onCall.WebhookUrl, payments.WebhookUrl))
        {
            app.Log(Orders, LogLevel.Information, "Order {OrderId} placed", 1);
            app.Log(Orders, LogLevel.Warning, "Stock low for {Sku}", "A-1");
            app.Log(Orders, LogLevel.Critical, "Database unreachable from {Host}", "db-1");
            app.Log(Payments, LogLevel.Error, "Card declined for order {OrderId}", 2);

            // Stopping delivers what every robot holds: after it, what a robot did not get, it never will.
            await app.StopAsync();
        }

        var teamText = Text(team);
        Assert.Contains("Stock low for", teamText, StringComparison.Ordinal);
        Assert.Contains("Database unreachable from", teamText, StringComparison.Ordinal);
        Assert.DoesNotContain("Card declined", teamText, StringComparison.Ordinal);
        Assert.DoesNotContain("placed", teamText, StringComparison.Ordinal);
        Assert.All(team.Messages, m => Assert.False(m.IsAtAll));

        var onCallText = Text(onCall);
        Assert.Contains("Database unreachable from", onCallText, StringComparison.Ordinal);
        Assert.DoesNotContain("Stock low for", onCallText, StringComparison.Ordinal);
        Assert.DoesNotContain("Card declined", onCallText, StringComparison.Ordinal);
        Assert.True(onCall.Messages[0].IsAtAll, "the on-call robot mentions everyone");

        var paymentsText = Text(payments);
        Assert.Contains("Card declined for order", paymentsText, StringComparison.Ordinal);
        Assert.DoesNotContain("Stock low for", paymentsText, StringComparison.Ordinal);
        Assert.DoesNotContain("Database unreachable from", paymentsText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_MEL_a_scopes_property_routes_an_event_to_the_robot_whose_route_names_it_and_the_messages_own_value_wins()
    {
        await using var team = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "aaaa1111" });
        await using var onCall = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "bbbb2222" });
        await using var payments = await RobotEmulator.StartAsync(new RobotEmulatorOptions { AccessToken = "cccc3333" });

        // Scopes are not shown (IncludeScopes is false), and still routed by: routing is not display.
        await using (var app = await RoutedApp.StartAsync(FrontEnd.Mel, team.WebhookUrl, onCall.WebhookUrl, payments.WebhookUrl, paymentsTeam: "payments"))
        {
            var logger = app.MelLogger(Orders);
            using (logger.BeginScope(new Dictionary<string, object> { ["Team"] = "payments" }))
            {
                logger.LogError("Card declined for order {OrderId}", 2);
                logger.LogError("Refund queued by {Team}", "orders");

                // ASP.NET Core's scopes are lists of pairs; the innermost scope with the key decides.
                using (logger.BeginScope(new List<KeyValuePair<string, object?>> { new("RequestPath", "/pay"), new("Team", "risk") }))
                {
                    logger.LogError("Fraud check failed for {OrderId}", 3);
                }

                using (logger.BeginScope(new List<KeyValuePair<string, object?>> { new("RequestPath", "/pay") }))
                {
                    logger.LogError("Gateway timeout after {Ms} ms", 3000);
                }
            }

            logger.LogError("Stock low for {Sku}", "A-1");
            await app.StopAsync();
        }

        var paymentsText = Text(payments);
        Assert.Contains("Card declined for order", paymentsText, StringComparison.Ordinal);
        Assert.Contains("Gateway timeout after", paymentsText, StringComparison.Ordinal);
        Assert.DoesNotContain("Refund queued by", paymentsText, StringComparison.Ordinal);
        Assert.DoesNotContain("Fraud check failed", paymentsText, StringComparison.Ordinal);
        Assert.DoesNotContain("Stock low for", paymentsText, StringComparison.Ordinal);

        var teamText = Text(team);
        Assert.Contains("Refund queued by", teamText, StringComparison.Ordinal);
        Assert.Contains("Fraud check failed", teamText, StringComparison.Ordinal);
        Assert.Contains("Stock low for", teamText, StringComparison.Ordinal);
        Assert.DoesNotContain("Card declined", teamText, StringComparison.Ordinal);
        Assert.DoesNotContain("Gateway timeout", teamText, StringComparison.Ordinal);
        Assert.Empty(onCall.Messages);
    }

    [Theory]
    [MemberData(nameof(FrontEnds.Both), MemberType = typeof(FrontEnds))]
    public async Task A_misspelt_level_of_a_robot_stops_the_start_naming_the_setting(FrontEnd frontEnd)
    {
        await using var robot = await RobotEmulator.StartAsync();
        var error = await Assert.ThrowsAnyAsync<Exception>(
            async () => await RoutedApp.StartAsync(frontEnd, robot.WebhookUrl, robot.WebhookUrl, robot.WebhookUrl, onCallLevel: "Fatl"));

        var expected = frontEnd == FrontEnd.Serilog ? "robots:oncall:minimumLevel" : "Logging:DingTalk:Robots:oncall:MinimumLevel";
        Assert.Contains(expected + " is \"Fatl\", which is no level", error.ToString(), StringComparison.Ordinal);
    }

    private static string Text(RobotEmulator robot) => string.Join("\n", robot.Messages.Select(m => m.Text));

    /// <summary>An application whose logging is configured from its configuration files, through one front end.</summary>
    private sealed class RoutedApp : IAsyncDisposable
    {
        private readonly Serilog.Core.Logger? _serilog;
        private readonly IHost? _host;

        private RoutedApp(Serilog.Core.Logger? serilog, IHost? host)
        {
            _serilog = serilog;
            _host = host;
        }

        /// <param name="paymentsTeam">When set (MEL), the payments robot takes the events whose <c>Team</c> is this, instead of its category, and scopes are not shown.</param>
        public static async Task<RoutedApp> StartAsync(
            FrontEnd frontEnd, string team, string onCall, string payments, string onCallLevel = "Fatal", string? paymentsTeam = null)
        {
            if (frontEnd == FrontEnd.Serilog)
            {
                var json = $$"""
                {
                  "Serilog": {
                    "Using": [ "Serilog.Sinks.DingTalk" ],
                    "MinimumLevel": { "Default": "Verbose" },
                    "WriteTo": [
                      {
                        "Name": "DingTalk",
                        "Args": {
                          "webhookUrl": "{{team}}",
                          "title": "Checkout",
                          "bufferingTimeLimit": "00:00:00.100",
                          "rememberAlerts": false,
                          "robots": {
                            "oncall": { "webhookUrl": "{{onCall}}", "minimumLevel": "{{onCallLevel}}", "atAll": "true" },
                            "payments": { "webhookUrl": "{{payments}}", "sources": [ "{{Payments}}" ], "exclusive": "true" }
                          }
                        }
                      }
                    ]
                  }
                }
                """;
                var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
                return new RoutedApp(new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger(), null);
            }

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
            var settings = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:DingTalk:WebhookUrl"] = team,
                ["Logging:DingTalk:Title"] = "Checkout",
                ["Logging:DingTalk:BufferingTimeLimit"] = "00:00:00.100",
                ["Logging:DingTalk:RememberAlerts"] = "false",
                ["Logging:DingTalk:Robots:oncall:WebhookUrl"] = onCall,
                ["Logging:DingTalk:Robots:oncall:MinimumLevel"] = onCallLevel,
                ["Logging:DingTalk:Robots:oncall:AtAll"] = "true",
                ["Logging:DingTalk:Robots:payments:WebhookUrl"] = payments,
                ["Logging:DingTalk:Robots:payments:Sources:0"] = Payments,
                ["Logging:DingTalk:Robots:payments:Exclusive"] = "true",
            };
            if (paymentsTeam is not null)
            {
                settings.Remove("Logging:DingTalk:Robots:payments:Sources:0");
                settings["Logging:DingTalk:Robots:payments:Properties:Team"] = paymentsTeam;
                settings["Logging:DingTalk:IncludeScopes"] = "false";
            }

            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            builder.Logging.AddDingTalk();
            var host = builder.Build();
            try
            {
                await host.StartAsync();
                return new RoutedApp(null, host);
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }

        public void Log(string category, LogLevel level, string template, object value)
        {
            if (_serilog is not null)
            {
                _serilog.ForContext(Serilog.Core.Constants.SourceContextPropertyName, category)
                    .Write((Serilog.Events.LogEventLevel)(int)level, template, value);
                return;
            }

            _host!.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category).Log(level, template, value);
        }

        public Microsoft.Extensions.Logging.ILogger MelLogger(string category)
            => _host!.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        public async Task StopAsync()
        {
            if (_serilog is not null)
            {
                await _serilog.DisposeAsync();
                return;
            }

            await _host!.StopAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (_serilog is not null)
            {
                await _serilog.DisposeAsync();
            }

            _host?.Dispose();
        }
    }
}
