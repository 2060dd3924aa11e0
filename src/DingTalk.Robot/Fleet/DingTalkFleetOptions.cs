using System.Globalization;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot;

/// <summary>
/// Fleet mode: several replicas of one application (Kubernetes pods, a scale set) sharing one robot through Redis, so
/// that the robot's budget of 20 messages a minute is kept by the fleet as a whole, not by each replica. Off while
/// <see cref="Redis"/> is empty; needs the <c>DingTalk.Robot.Redis</c> package. In appsettings.json:
/// <c>"Fleet": { "Redis": "redis:6379,password=…", "Name": "orders" }</c>.
/// </summary>
/// <remarks>
/// The connection string is a credential: <see cref="ToString"/>, diagnostics and exceptions show its endpoints only.
/// When Redis cannot be reached, each replica goes on alone within <c>MessagesPerMinute</c> / <see cref="ExpectedReplicas"/>.
/// </remarks>
public sealed class DingTalkFleetOptions
{
    /// <summary>The most replicas <see cref="ExpectedReplicas"/> may name.</summary>
    internal const int MaxExpectedReplicas = 1000;

    /// <summary>The longest <see cref="Name"/> and <see cref="Replica"/>.</summary>
    internal const int MaxNameLength = 64;

    /// <summary>
    /// The Redis connection string, in StackExchange.Redis's format (<c>host:6379,password=…,ssl=true</c>). Empty or
    /// <see langword="null"/> (the default): fleet mode is off and the budget is kept in this process.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// The fleet's name, shared by its replicas (letters, digits, <c>.</c>, <c>-</c>, <c>_</c>; at most 64): it names the
    /// fleet's alert memory in Redis. The robot's budget is shared by every sender to that robot whatever
    /// their fleet. Default: none.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// How many replicas may run at once (count the surge of a rolling deploy). While Redis cannot be reached, each
    /// replica keeps to <c>MessagesPerMinute / ExpectedReplicas</c> (at least 1) so that the fleet together stays
    /// within the robot's budget. 1 to 1000. Default: 10.
    /// </summary>
    public int ExpectedReplicas { get; set; } = 10;

    /// <summary>
    /// This replica's name as people read it: every digest in fleet mode ends with <c>sent by orders-7f9c</c> (or, while
    /// Redis cannot be reached, <c>⚠ fleet coordination unavailable, sent by orders-7f9c</c>). Letters, digits,
    /// <c>.</c>, <c>-</c>, <c>_</c>; at most 64. Default (<see langword="null"/>): the <c>HOSTNAME</c> environment
    /// variable (a Kubernetes pod's name), else the machine's name.
    /// </summary>
    public string? Replica { get; set; }

    /// <summary>
    /// Whether the fleet sends one digest per interval for all its replicas (the default): each replica publishes what it
    /// folded to Redis every <c>BufferingTimeLimit</c>, and the replica that holds the fleet's sender lease sends one
    /// digest with the fleet's counts. <see langword="false"/>: each replica sends its own digests, within the fleet's budget.
    /// </summary>
    public bool OneDigest { get; set; } = true;

    /// <summary>Whether fleet mode is on: <see cref="Redis"/> is set.</summary>
    internal bool IsEnabled => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>The replica's name: <see cref="Replica"/> when set, else the default (<see cref="FleetReplicaName.Default"/>).</summary>
    internal string ReplicaName => string.IsNullOrWhiteSpace(Replica) ? FleetReplicaName.Default() : Replica!;

    /// <summary>Describes the fleet by its name and Redis endpoints: never the password.</summary>
    public override string ToString()
        => IsEnabled
            ? string.Format(
                CultureInfo.InvariantCulture,
                "DingTalk fleet '{0}' on Redis at {1}, {2} expected replicas",
                Name ?? "(unnamed)",
                RedisConnectionText.DescribeEndpoints(Redis),
                ExpectedReplicas)
            : "DingTalk fleet mode off (no Redis configured)";

    /// <summary>A copy, so that later changes to these options don't affect a client created with them.</summary>
    internal DingTalkFleetOptions Clone() => new() { Redis = Redis, Name = Name, ExpectedReplicas = ExpectedReplicas, Replica = Replica, OneDigest = OneDigest };

    /// <summary>Checks the options (only when fleet mode is on), with messages that never repeat the connection string.</summary>
    internal void Validate()
    {
        if (!IsEnabled)
        {
            return;
        }

        if (ExpectedReplicas < 1 || ExpectedReplicas > MaxExpectedReplicas)
        {
            throw new ArgumentOutOfRangeException(
                "Fleet." + nameof(ExpectedReplicas),
                ExpectedReplicas,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Fleet.{0} must be between 1 and {1}: the most replicas that run at once, a rolling deploy's surge included.",
                    nameof(ExpectedReplicas),
                    MaxExpectedReplicas));
        }

        if (Name is { } name && !FleetReplicaName.IsValid(name))
        {
            throw new ArgumentException(
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Fleet.{0} must be 1 to {1} letters, digits, '.', '-' or '_' (it is part of Redis keys), such as \"orders\".",
                    nameof(Name),
                    MaxNameLength),
                "Fleet." + nameof(Name));
        }

        if (!string.IsNullOrWhiteSpace(Replica) && !FleetReplicaName.IsValid(Replica!))
        {
            // Shown in every digest: a name of plain characters cannot carry markdown or a mention.
            throw new ArgumentException(
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Fleet.{0} must be 1 to {1} letters, digits, '.', '-' or '_' (it names this replica in every digest), such as \"orders-7f9c\"; leave it empty for the HOSTNAME environment variable or the machine's name.",
                    nameof(Replica),
                    MaxNameLength),
                "Fleet." + nameof(Replica));
        }

        if (RedisConnectionText.DescribeEndpoints(Redis).Length == 0)
        {
            throw new ArgumentException(
                "Fleet.Redis names no Redis endpoint; write it as StackExchange.Redis expects, such as \"redis:6379,password=…\".",
                "Fleet." + nameof(Redis));
        }
    }
}
