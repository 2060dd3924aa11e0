using Microsoft.Extensions.Hosting;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>
/// Replaces the console lifetime, which would take over Ctrl+C and SIGTERM for the whole test process:
/// the emulator starts and stops only when told to.
/// </summary>
internal sealed class NullHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
