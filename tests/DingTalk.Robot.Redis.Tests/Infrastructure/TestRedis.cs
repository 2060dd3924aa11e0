namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>
/// The Redis every test that only needs one shares: the server .ci/run started (DINGTALK_TEST_REDIS=host:port), or,
/// under a plain <c>dotnet test</c>, a redis-server this process starts on a free port and kills when it exits. With
/// neither a variable nor the binary, the tests fail saying how to install it; they never skip.
/// </summary>
internal static class TestRedis
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    // The server this process started, when it did (no DINGTALK_TEST_REDIS).
    private static RedisServer? _own;

    /// <summary>The connection string of the shared server.</summary>
    public static Task<string> ConnectionStringAsync() => Server.Value;

    /// <summary>
    /// A server a test may stop and start again: the shared one when this process started it (the test must run alone,
    /// see FleetProcessCollection, and leave it running), or, when DINGTALK_TEST_REDIS names a server this process
    /// does not own, a private one for the test (<see cref="IsShared"/> false: the test disposes it).
    /// </summary>
    public static async Task<RedisServer> StoppableServerAsync()
    {
        await Server.Value;
        return _own ?? await RedisServer.StartAsync();
    }

    /// <summary>Whether <paramref name="server"/> is the shared one (to be left running, not disposed).</summary>
    public static bool IsShared(RedisServer server) => ReferenceEquals(server, _own);

    private static async Task<string> StartAsync()
    {
        var fromCi = Environment.GetEnvironmentVariable("DINGTALK_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(fromCi))
        {
            return fromCi;
        }

        var server = await RedisServer.StartAsync();
        _own = server;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server.ConnectionString;
    }
}
