using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>
/// One Kestrel server listening on a loopback port. Kestrel cannot be restarted, so an outage stops this one and a
/// new one listens again on the same port.
/// </summary>
internal sealed class RobotServer
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;

    private RobotServer(WebApplication app, CancellationTokenSource stopping, int port)
    {
        _app = app;
        _stopping = stopping;
        Port = port;
    }

    /// <summary>The port listened on.</summary>
    public int Port { get; }

    /// <summary>Starts listening on <c>127.0.0.1:<paramref name="port"/></c> (0: any free port).</summary>
    /// <param name="port">The port, or 0.</param>
    /// <param name="handler">Serves a request; its token is cancelled when this server stops.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<RobotServer> StartAsync(
        int port,
        Func<HttpContext, CancellationToken, Task> handler,
        CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration (no appsettings.json, no ASPNETCORE_URLS or Kestrel section from
        // the user's test project), adds no logging and no developer exception page.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(RobotServer).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NullHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });

        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        app.Run(context => handler(context, stopping.Token));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RobotServer(app, stopping, new Uri(address).Port);
    }

    /// <summary>Stops listening (new connections are refused), ends pending delays and closes every connection.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
