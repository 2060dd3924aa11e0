using Microsoft.Extensions.Time.Testing;

namespace DingTalk.Robot.Testing.Tests;

public sealed class SignatureTests : IDisposable
{
    // The known-answer vector of the contract (published by another open-source client).
    private const long VectorTimestamp = 1582163555000;
    private const string VectorSecret = "SECb90923e19e58b466481e9e7b7a5b4f108a4531abde590ad3967fb29f0eae5c68";
    private const string VectorBase64 = "BQKsG+QOCl+bYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY=";
    private const string VectorSign = "BQKsG%2BQOCl%2BbYJOLc6pxDHxjVquzlZPWgvRzeN2J5zY%3D";
    private const string SignNotMatch = "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]";

    private readonly RobotClient _client = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(VectorTimestamp));

    [Fact]
    public void The_test_signer_reproduces_the_known_answer_vector() =>
        Assert.Equal(VectorBase64, Signing.Base64Sign(VectorSecret, VectorTimestamp));

    [Fact]
    public async Task The_known_answer_vector_is_accepted()
    {
        await using var robot = await StartAsync();

        var response = await _client.PostAsync($"{robot.WebhookUrl}&timestamp={VectorTimestamp}&sign={VectorSign}", Bodies.Text);

        Assert.Equal((0, "ok"), (response.ErrCode, response.ErrMsg));
        var request = Assert.Single(robot.Requests);
        Assert.True(request.Signed);
        Assert.Equal(VectorTimestamp, request.Timestamp);
    }

    [Fact]
    public async Task A_sign_whose_plus_signs_were_not_url_encoded_is_refused()
    {
        await using var robot = await StartAsync();

        // What the two existing .NET sinks do: the '+' arrives as a space.
        var response = await _client.PostAsync($"{robot.WebhookUrl}&timestamp={VectorTimestamp}&sign={VectorBase64}", Bodies.Text);

        Assert.Equal((310000, SignNotMatch), (response.ErrCode, response.ErrMsg));
        Assert.Empty(robot.Messages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&timestamp=1582163555000")]
    [InlineData("&sign=" + VectorSign)]
    [InlineData("&timestamp=&sign=" + VectorSign)]
    public async Task A_missing_timestamp_or_sign_is_refused(string query)
    {
        await using var robot = await StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl + query, Bodies.Text);

        Assert.Equal((310000, "sign not match"), (response.ErrCode, response.ErrMsg));
    }

    [Fact]
    public async Task A_sign_made_with_another_secret_is_refused()
    {
        await using var robot = await StartAsync();

        var response = await _client.PostAsync(Signing.SignedUrl(robot.WebhookUrl, VectorSecret + "0", VectorTimestamp), Bodies.Text);

        Assert.Equal((310000, SignNotMatch), (response.ErrCode, response.ErrMsg));
    }

    [Theory]
    [InlineData(61)]
    [InlineData(-61)]
    public async Task A_timestamp_more_than_an_hour_away_is_refused_even_when_signed_correctly(int minutes)
    {
        await using var robot = await StartAsync();
        var timestamp = VectorTimestamp + (minutes * 60_000L);

        var response = await _client.PostAsync(Signing.SignedUrl(robot.WebhookUrl, VectorSecret, timestamp), Bodies.Text);

        Assert.Equal((310000, "invalid timestamp"), (response.ErrCode, response.ErrMsg));
    }

    [Theory]
    [InlineData(59)]
    [InlineData(-59)]
    [InlineData(60)]
    public async Task A_timestamp_within_an_hour_is_accepted(int minutes)
    {
        await using var robot = await StartAsync();
        var timestamp = VectorTimestamp + (minutes * 60_000L);

        var response = await _client.PostAsync(Signing.SignedUrl(robot.WebhookUrl, VectorSecret, timestamp), Bodies.Text);

        Assert.Equal(0, response.ErrCode);
    }

    [Fact]
    public async Task The_skew_is_measured_on_the_emulators_clock()
    {
        await using var robot = await StartAsync();
        _clock.Advance(TimeSpan.FromHours(2));

        var response = await _client.PostAsync($"{robot.WebhookUrl}&timestamp={VectorTimestamp}&sign={VectorSign}", Bodies.Text);

        Assert.Equal((310000, "invalid timestamp"), (response.ErrCode, response.ErrMsg));
    }

    [Theory]
    [InlineData("1582163555")] // seconds, not milliseconds
    [InlineData("abc")]
    [InlineData("-1582163555000")]
    [InlineData("1582163555000.0")]
    public async Task A_timestamp_that_is_not_milliseconds_now_is_refused(string timestamp)
    {
        await using var robot = await StartAsync();

        var response = await _client.PostAsync($"{robot.WebhookUrl}&timestamp={timestamp}&sign={VectorSign}", Bodies.Text);

        Assert.Equal((310000, "invalid timestamp"), (response.ErrCode, response.ErrMsg));
    }

    [Fact]
    public async Task Parameters_appended_twice_to_a_cached_url_are_refused()
    {
        await using var robot = await StartAsync();
        var once = Signing.SignedUrl(robot.WebhookUrl, VectorSecret, VectorTimestamp);

        var response = await _client.PostAsync($"{once}&timestamp={VectorTimestamp}&sign={VectorSign}", Bodies.Text);

        Assert.Equal(310000, response.ErrCode);
    }

    [Fact]
    public async Task The_signature_is_checked_before_the_body()
    {
        await using var robot = await StartAsync();

        var response = await _client.PostAsync(robot.WebhookUrl, "not json");

        Assert.Equal(310000, response.ErrCode);
    }

    [Fact]
    public async Task Without_a_secret_signature_parameters_are_ignored()
    {
        await using var robot = await RobotEmulator.StartAsync(new RobotEmulatorOptions { TimeProvider = _clock });

        var response = await _client.PostAsync($"{robot.WebhookUrl}&timestamp=1&sign=nonsense", Bodies.Text);

        Assert.Equal(0, response.ErrCode);
        Assert.True(Assert.Single(robot.Requests).Signed);
    }

    [Fact]
    public async Task The_skew_can_be_configured()
    {
        await using var robot = await RobotEmulator.StartAsync(
            new RobotEmulatorOptions { Secret = VectorSecret, TimeProvider = _clock, MaxClockSkew = TimeSpan.FromSeconds(1) });

        var late = await _client.PostAsync(Signing.SignedUrl(robot.WebhookUrl, VectorSecret, VectorTimestamp - 1001), Bodies.Text);
        var inTime = await _client.PostAsync(Signing.SignedUrl(robot.WebhookUrl, VectorSecret, VectorTimestamp - 1000), Bodies.Text);

        Assert.Equal("invalid timestamp", late.ErrMsg);
        Assert.Equal(0, inTime.ErrCode);
    }

    public void Dispose() => _client.Dispose();

    private Task<RobotEmulator> StartAsync() =>
        RobotEmulator.StartAsync(new RobotEmulatorOptions { Secret = VectorSecret, TimeProvider = _clock });
}
