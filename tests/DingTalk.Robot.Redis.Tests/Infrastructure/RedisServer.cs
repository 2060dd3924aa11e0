using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> process on a free loopback port, with no persistence, for one test (a test that stops
/// and restarts Redis) or for the whole run (<see cref="TestRedis"/>). Fails with how to install it when the binary is
/// missing: these tests never skip.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly string? _password;
    private Process? _process;
    private Process? _watchdog;

    private RedisServer(int port, string? password)
    {
        Port = port;
        _password = password;
    }

    public int Port { get; }

    /// <summary>Whether the server process runs (it may have been stopped by a test).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The connection string for StackExchange.Redis (password included when the server has one).</summary>
    public string ConnectionString => $"127.0.0.1:{Port}" + (_password is null ? string.Empty : ",password=" + _password);

    /// <summary>Starts a server on a free port (with <paramref name="password"/> required, when given) and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        var server = new RedisServer(FreePort(), password);
        await server.RestartAsync();
        return server;
    }

    /// <summary>The path of redis-server, or a failure that says how to get it.</summary>
    public static string FindBinary()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "These tests need a real Redis: install redis-server (Debian/Ubuntu: apt-get install -y redis-server) or run .ci/run, which installs and starts one; or set DINGTALK_TEST_REDIS=host:port to use a running server.");
    }

    /// <summary>Starts (again, on the same port) a server that was stopped.</summary>
    public async Task RestartAsync()
    {
        var arguments = new StringBuilder($"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --protected-mode no");
        if (_password is not null)
        {
            arguments.Append(" --requirepass ").Append(_password);
        }

        _process = Process.Start(new ProcessStartInfo(FindBinary(), arguments.ToString())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;

        // A watchdog beside it stops the server when this test process is gone, however it ends: a test host that exits
        // runs no ProcessExit handler it was not given time for, and one that is killed takes its children (both of
        // these) with it. No redis-server outlives the test run.
        var watchdog = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        watchdog.ArgumentList.Add("-c");
        watchdog.ArgumentList.Add(
            $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 {_process.Id} 2>/dev/null; do sleep 0.5; done; kill {_process.Id} 2>/dev/null");
        _watchdog = Process.Start(watchdog);
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnswersAsync();
    }

    /// <summary>Kills the server at once (as a crash or a network cut looks to clients).</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
        if (_watchdog is { HasExited: false } watchdog)
        {
            watchdog.Kill();
        }

        _watchdog?.Dispose();
        _watchdog = null;
    }

    public void Dispose() => Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Readiness, not a settle sleep: polls until the server accepts a connection and answers PING (bounded).
    private async Task WaitUntilAnswersAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                var ping = _password is null ? "PING\r\n" : $"AUTH {_password}\r\nPING\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(ping));
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer);
                if (read > 0)
                {
                    return;
                }
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                if (_process is { HasExited: true })
                {
                    throw new InvalidOperationException($"redis-server exited at start (code {_process.ExitCode}) on port {Port}.");
                }
            }

            await Task.Delay(20);
        }
    }
}
