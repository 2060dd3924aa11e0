namespace DingTalk.Robot.Fleet;

/// <summary>
/// Reads a StackExchange.Redis connection string (<c>host:6379,host2:6380,password=…,user=…,ssl=true</c>) without the
/// Redis client: what may be shown (the endpoints) and what must be masked wherever text leaves the library (the
/// password and the user name).
/// </summary>
internal static class RedisConnectionText
{
    private static readonly string[] SecretKeys = { "password", "user" };

    /// <summary>The endpoints, comma-separated (<c>redis:6379</c>), or empty when there are none. Never the password.</summary>
    public static string DescribeEndpoints(string? connectionString)
        => string.Join(",", Parts(connectionString).Where(part => part.IndexOf('=') < 0));

    /// <summary>The values of <c>password=</c> and <c>user=</c>, to be masked in any text shown.</summary>
    public static string[] Secrets(string? connectionString)
        => Parts(connectionString)
            .Select(part => (Part: part, Sign: part.IndexOf('=')))
            .Where(p => p.Sign > 0
                        && SecretKeys.Contains(p.Part.Substring(0, p.Sign).Trim(), StringComparer.OrdinalIgnoreCase)
                        && p.Sign < p.Part.Length - 1)
            .Select(p => p.Part.Substring(p.Sign + 1))
            .ToArray();

    private static IEnumerable<string> Parts(string? connectionString)
        => (connectionString ?? string.Empty)
            .Split(',')
            .Select(part => part.Trim())
            .Where(part => part.Length > 0);
}
