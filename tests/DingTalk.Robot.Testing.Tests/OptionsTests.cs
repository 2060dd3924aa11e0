namespace DingTalk.Robot.Testing.Tests;

public sealed class OptionsTests
{
    private const string Secret = "SECdeadbeef0123456789";

    [Fact]
    public void The_defaults_are_dingtalks()
    {
        var options = new RobotEmulatorOptions();

        Assert.Matches("^[0-9a-f]{64}$", options.AccessToken);
        Assert.NotEqual(options.AccessToken, new RobotEmulatorOptions().AccessToken);
        Assert.Null(options.Secret);
        Assert.Empty(options.Keywords);
        Assert.Equal(20, options.MessagesPerMinute);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ThrottlePenalty);
        Assert.Equal(20000, options.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxClockSkew);
        Assert.Same(TimeProvider.System, options.TimeProvider);
    }

    public static TheoryData<Action<RobotEmulatorOptions>, string> Invalid => new()
    {
        { o => o.AccessToken = " ", "AccessToken" },
        { o => o.Secret = "", "Secret" },
        { o => o.Keywords.Add(""), "Keywords" },
        { o => o.MessagesPerMinute = 0, "MessagesPerMinute" },
        { o => o.ThrottlePenalty = TimeSpan.FromSeconds(-1), "ThrottlePenalty" },
        { o => o.MaxBodyBytes = 0, "MaxBodyBytes" },
        { o => o.MaxClockSkew = TimeSpan.FromSeconds(-1), "MaxClockSkew" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_options_are_refused_at_start_naming_the_setting(Action<RobotEmulatorOptions> spoil, string setting)
    {
        var options = new RobotEmulatorOptions { Secret = Secret };
        spoil(options);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => RobotEmulator.StartAsync(options));

        Assert.Equal("options", error.ParamName);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_settings_are_refused_at_once()
    {
        var options = new RobotEmulatorOptions();

        Assert.Throws<ArgumentNullException>(() => options.AccessToken = null!);
        Assert.Throws<ArgumentNullException>(() => options.Keywords = null!);
        Assert.Throws<ArgumentNullException>(() => options.TimeProvider = null!);
    }

    [Fact]
    public async Task The_emulator_runs_with_a_copy_that_cannot_be_changed()
    {
        var options = new RobotEmulatorOptions { Keywords = { "alert" } };
        await using var robot = await RobotEmulator.StartAsync(options);

        options.Keywords.Add("other");
        options.MessagesPerMinute = 1;

        Assert.NotSame(options, robot.Options);
        Assert.Equal(["alert"], robot.Options.Keywords);
        Assert.Equal(20, robot.Options.MessagesPerMinute);
        Assert.Equal(options.AccessToken, robot.Options.AccessToken);
        Assert.Throws<InvalidOperationException>(() => robot.Options.MessagesPerMinute = 5);
        Assert.Throws<InvalidOperationException>(() => robot.Options.Secret = Secret);
        Assert.Throws<NotSupportedException>(() => robot.Options.Keywords.Add("x"));
    }

    [Fact]
    public void ToString_shows_the_settings_but_not_the_token_or_the_secret()
    {
        var options = new RobotEmulatorOptions { Secret = Secret, Keywords = { "alert" } };

        var text = options.ToString();

        Assert.Equal(
            "RobotEmulatorOptions { Signed = yes, Keywords = [alert], MessagesPerMinute = 20, ThrottlePenalty = 00:10:00, " +
            "MaxBodyBytes = 20000, MaxClockSkew = 01:00:00 }",
            text);
    }
}
