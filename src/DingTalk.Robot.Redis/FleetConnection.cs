using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace DingTalk.Robot.Redis;

/// <summary>
/// One connection per Redis connection string in the process, opened in the background: nobody waits for it to
/// connect, calls fail fast while it is down (no backlog), and StackExchange.Redis reconnects by itself.
/// </summary>
internal sealed class FleetConnection
{
    private static readonly ConcurrentDictionary<string, Lazy<FleetConnection>> Connections = new(StringComparer.Ordinal);

    private readonly Task<ConnectionMultiplexer> _connecting;

    // Set once a call has been answered: the first one (a script loaded, the client's code warmed up, in a process that
    // is starting under load) may take as long as the connection; the others, the operation timeout.
    private int _answered;

    private FleetConnection(string connectionString, FleetTimings timings)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);

        // Fail open: a Redis that is down must cost the digest loop a quick failure, never a wait in a queue.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ConnectTimeout = (int)timings.ConnectTimeout.TotalMilliseconds;
        // The library's own limit is the first call's (see CallAsync); every call is cut at its own limit there.
        configuration.AsyncTimeout = (int)timings.ConnectTimeout.TotalMilliseconds;
        configuration.ClientName ??= "dingtalk-fleet";
        Endpoints = Fleet.RedisConnectionText.DescribeEndpoints(connectionString);
        _connecting = Task.Run(async () =>
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
            multiplexer.ConnectionRestored += (_, e) =>
            {
                if (e.ConnectionType == ConnectionType.Interactive)
                {
                    OnRestored();
                }
            };
            return multiplexer;
        });
    }

    /// <summary>
    /// The connection to Redis is up again (after it was lost): the budgets on it ask Redis at once, so that the fleet
    /// is coordinated again (and its digests say so) without waiting for a digest to send. Raised on a library thread.
    /// </summary>
    public event Action? Restored;

    /// <summary>The endpoints, for diagnostics (never the password).</summary>
    public string Endpoints { get; }

    /// <summary>
    /// Whether the connection is down now, as the client library knows without a call (a closed socket): false while the
    /// first attempt is under way, which the first call waits for.
    /// </summary>
    public bool IsKnownDown
        => _connecting.Status == TaskStatus.RanToCompletion ? !_connecting.Result.IsConnected : _connecting.IsCompleted;

    /// <summary>The connection of <paramref name="connectionString"/>, shared by every budget in the process.</summary>
    public static FleetConnection For(string connectionString, FleetTimings timings)
        => Connections.GetOrAdd(connectionString, cs => new Lazy<FleetConnection>(() => new FleetConnection(cs, timings))).Value;

    /// <summary>A new connection of its own (tests that stop one Redis and keep another).</summary>
    public static FleetConnection Private(string connectionString, FleetTimings timings) => new(connectionString, timings);

    /// <summary>
    /// One Redis call, abandoned after <see cref="FleetTimings.OperationTimeout"/> whatever the client library does (a
    /// stalled socket included); the first connection, and the first call answered on it, may take up to
    /// <see cref="FleetTimings.ConnectTimeout"/> each.
    /// </summary>
    /// <exception cref="TimeoutException">No answer in time.</exception>
    public async Task<T> CallAsync<T>(FleetTimings timings, Func<IDatabase, Task<T>> call)
    {
        // The first connection may take longer than a call (a replica starting under load): waited for once, bounded.
        var database = await GetDatabaseAsync(timings.ConnectTimeout).ConfigureAwait(false);
        var task = call(database);
        var limit = Volatile.Read(ref _answered) == 0 ? timings.ConnectTimeout : timings.OperationTimeout;
        using var expiry = new CancellationTokenSource();
        var winner = await Task.WhenAny(task, Task.Delay(limit, expiry.Token)).ConfigureAwait(false);
        expiry.Cancel();
        if (winner != task)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw new TimeoutException("Redis did not answer within " + limit.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms");
        }

        var result = await task.ConfigureAwait(false);
        Volatile.Write(ref _answered, 1);
        return result;
    }

    // A handler that throws must not reach the client library's thread.
    private void OnRestored()
    {
        try
        {
            Restored?.Invoke();
        }
        catch (Exception)
        {
            // The budgets' handlers catch what they expect; anything else is not the connection's to report.
        }
    }

    /// <summary>The database, once connected; waits for the first connection attempt at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">The first connection attempt has not finished in time.</exception>
    /// <exception cref="RedisConnectionException">It failed.</exception>
    public async Task<IDatabase> GetDatabaseAsync(TimeSpan timeout)
    {
        if (!_connecting.IsCompleted)
        {
            var winner = await Task.WhenAny(_connecting, Task.Delay(timeout)).ConfigureAwait(false);
            if (winner != _connecting)
            {
                throw new TimeoutException("the connection to Redis is still being established");
            }
        }

        return (await _connecting.ConfigureAwait(false)).GetDatabase();
    }
}
