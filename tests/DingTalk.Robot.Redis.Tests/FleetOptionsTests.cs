using DingTalk.Robot.Digest;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Redis.Tests;

/// <summary>Fleet options: checked at start-up with messages that name the option, and the connection string's secrets never shown.</summary>
public sealed class FleetOptionsTests
{
    private const string Password = "fleet-pw-a7d2";
    private const string Redis = "redis-0.redis:6379,redis-1.redis:6379,user=dingtalk,password=" + Password + ",ssl=true";

    [Fact]
    public void The_description_shows_the_endpoints_and_name_never_the_user_or_password()
    {
        var fleet = new DingTalkFleetOptions { Redis = Redis, Name = "orders", ExpectedReplicas = 6 };

        Assert.Equal("DingTalk fleet 'orders' on Redis at redis-0.redis:6379,redis-1.redis:6379, 6 expected replicas", fleet.ToString());
        Assert.Equal([Password, "dingtalk"], RedisConnectionText.Secrets(Redis).Order(StringComparer.Ordinal).Reverse());
    }

    [Theory]
    [InlineData(0, "orders", "Fleet.ExpectedReplicas must be between 1 and 1000")]
    [InlineData(1001, "orders", "Fleet.ExpectedReplicas must be between 1 and 1000")]
    [InlineData(3, "orders service", "Fleet.Name must be 1 to 64 letters, digits")]
    [InlineData(3, "{orders}", "Fleet.Name must be 1 to 64 letters, digits")]
    [InlineData(3, "orders", "Fleet.Replica must be 1 to 64 letters, digits", "orders 7f9c")]
    [InlineData(3, "orders", "Fleet.Replica must be 1 to 64 letters, digits", "**pod**[x](http://evil)")]
    [InlineData(3, "orders", "Fleet.Replica must be 1 to 64 letters, digits", "@all")]
    [InlineData(3, "orders", "Fleet.Replica must be 1 to 64 letters, digits", "pod-0123456789012345678901234567890123456789012345678901234567890")]
    public void A_bad_fleet_option_is_refused_at_start_up_naming_it_without_the_password(int replicas, string name, string expected, string? replica = null)
    {
        var options = new DingTalkDigestOptions
        {
            WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=abc",
            Fleet = { Redis = Redis, Name = name, ExpectedReplicas = replicas, Replica = replica },
        };

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(Password, error.ToString());
    }

    [Fact]
    public void A_replica_name_of_64_allowed_characters_is_accepted_and_named_in_the_digest()
    {
        var replica = "Pod_1.orders-" + new string('x', 64 - "Pod_1.orders-".Length);
        var options = new DingTalkDigestOptions
        {
            WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=abc",
            Fleet = { Redis = Redis, Replica = replica },
        };

        options.Validate();

        Assert.Equal(replica, options.Fleet.ReplicaName);
    }

    [Theory]
    [InlineData("orders-7f9c-abcde", "orders-7f9c-abcde")]
    [InlineData("web 01.example.com", "web-01.example.com")]
    [InlineData("  ", FleetReplicaName.Fallback)]
    [InlineData(null, FleetReplicaName.Fallback)]
    public void An_unset_replica_name_comes_from_the_host_made_valid_rather_than_stopping_the_app(string? host, string expected)
        => Assert.Equal(expected, FleetReplicaName.MakeValid(host));

    [Fact]
    public void An_unset_replica_name_is_the_HOSTNAME_variable_else_the_machine_name()
    {
        var hostname = Environment.GetEnvironmentVariable("HOSTNAME");
        var expected = FleetReplicaName.MakeValid(string.IsNullOrWhiteSpace(hostname) ? Environment.MachineName : hostname);

        Assert.Equal(expected, new DingTalkFleetOptions().ReplicaName);
        Assert.Equal("orders-7f9c", new DingTalkFleetOptions { Replica = "orders-7f9c" }.ReplicaName);
        Assert.True(FleetReplicaName.IsValid(expected));
    }

    [Fact]
    public void A_copy_of_the_fleet_options_has_every_option()
    {
        var fleet = new DingTalkFleetOptions { Redis = Redis, Name = "orders", ExpectedReplicas = 7, Replica = "orders-7f9c", OneDigest = false };
        var settable = typeof(DingTalkFleetOptions).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.CanWrite).ToArray();

        var copy = fleet.Clone();

        Assert.Equal(5, settable.Length);
        Assert.All(settable, p => Assert.True(Equals(p.GetValue(fleet), p.GetValue(copy)), $"Fleet.{p.Name} is not copied"));
    }

    [Fact]
    public void A_connection_string_without_an_endpoint_is_refused()
    {
        var options = new DingTalkDigestOptions
        {
            WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=abc",
            Fleet = { Redis = "password=" + Password },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Fleet.Redis names no Redis endpoint", error.Message);
        Assert.DoesNotContain(Password, error.ToString());
    }

    [Fact]
    public void The_robot_id_in_Redis_is_a_hash_that_does_not_contain_the_token()
    {
        var webhook = Internal.DingTalkWebhook.Parse("https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef");
        var other = Internal.DingTalkWebhook.Parse("https://oapi.dingtalk.com/robot/send?access_token=fedcba9876543210");

        var id = FleetBudgets.RobotId(webhook);

        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.DoesNotContain("0123456789abcdef", id);
        Assert.Equal(id, FleetBudgets.RobotId(Internal.DingTalkWebhook.Parse("https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef")));
        Assert.NotEqual(id, FleetBudgets.RobotId(other));
    }

    [Fact]
    public void A_client_quoting_the_password_in_a_diagnostic_masks_it()
    {
        using var client = new DingTalkRobotClient(new DingTalkRobotOptions
        {
            WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=abc",
            // Loopback only: the client connects in the background, and nothing here may leave the machine.
            Fleet = new DingTalkFleetOptions { Redis = "127.0.0.1:1,user=dingtalk,password=" + Password },
        });

        Assert.DoesNotContain(Password, client.Redact("AUTH failed for password " + Password));
        Assert.DoesNotContain(Password, client.ToString());
    }
}
