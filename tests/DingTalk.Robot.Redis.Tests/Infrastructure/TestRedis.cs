namespace DingTalk.Robot.Redis.Tests.Infrastructure;

/// <summary>
/// The Redis every test that only needs one shares: the server .ci/run started (DINGTALK_TEST_REDIS=host:port), or,
/// under a plain <c>dotnet test</c>, a redis-server this process starts on a free port and kills when it exits. With
/// neither a variable nor the binary, the tests fail saying how to install it; they never skip.
/// </summary>
internal static class TestRedis
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>The connection string of the shared server.</summary>
    public static Task<string> ConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        var fromCi = Environment.GetEnvironmentVariable("DINGTALK_TEST_REDIS");
        if (!string.IsNullOrWhiteSpace(fromCi))
        {
            return fromCi;
        }

        var server = await RedisServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server.ConnectionString;
    }
}
