using System.Reflection;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Routing;

namespace DingTalk.Robot.Tests.Routing;

/// <summary>A route takes an event when its level, its source and its properties all match; nothing else.</summary>
public sealed class DigestRouteTests
{
    [Theory]
    [InlineData("Checkout", "Checkout", true)]
    [InlineData("Checkout", "Checkout.Payments", true)]
    [InlineData("Checkout", "checkout.payments", true)]
    [InlineData("Checkout", "CheckoutTests", false)]
    [InlineData("Checkout.Payments", "Checkout", false)]
    public void A_source_is_taken_at_a_dot_boundary(string prefix, string source, bool taken)
    {
        var route = new DigestRoute(null, [prefix], null, exclusive: false);
        var none = default(NoRouteProperties);

        Assert.Equal(taken, route.Accepts(DigestLevel.Error, source, ref none));
        Assert.False(route.Accepts(DigestLevel.Error, null, ref none));
    }

    [Fact]
    public void The_level_is_the_first_condition()
    {
        var route = new DigestRoute(DigestLevel.Fatal, null, null, exclusive: false);
        var none = default(NoRouteProperties);

        Assert.False(route.Accepts(DigestLevel.Error, "Any", ref none));
        Assert.True(route.Accepts(DigestLevel.Fatal, "Any", ref none));
    }

    [Fact]
    public void Every_property_must_carry_its_value()
    {
        var route = new DigestRoute(null, null, [new("Team", "payments"), new("Region", "42")], exclusive: false);
        var both = new Properties(("Team", "payments"), ("Region", 42));
        var wrongRegion = new Properties(("Team", "payments"), ("Region", 7));
        var noRegion = new Properties(("Team", "payments"));

        Assert.True(route.Accepts(DigestLevel.Warning, null, ref both));
        Assert.False(route.Accepts(DigestLevel.Warning, null, ref wrongRegion));
        Assert.False(route.Accepts(DigestLevel.Warning, null, ref noRegion));
    }

    [Theory]
    [InlineData("payments", "payments", true)]
    [InlineData("Payments", "payments", false)]
    [InlineData(42, "42", true)]
    [InlineData(4.5, "4.5", true)]
    [InlineData(true, "true", true)]
    [InlineData(DayOfWeek.Monday, "Monday", true)]
    [InlineData(null, "", false)]
    public void A_value_reads_as_the_invariant_culture_writes_it(object? value, string expected, bool matches)
        => Assert.Equal(matches, RouteValue.Matches(value, expected));

    [Fact]
    public void An_applications_own_type_never_matches_so_its_ToString_is_never_called()
        => Assert.False(RouteValue.Matches(new Throwing(), "anything"));

    [Fact]
    public void A_named_robot_copies_every_option_of_the_default_robot_it_does_not_set_itself()
    {
        var parent = new DingTalkDigestOptions();
        foreach (var property in Settable())
        {
            property.SetValue(parent, Distinct(property));
        }

        var copy = RobotOptionsDerivation.Copy(parent);

        foreach (var property in Settable().Where(p => p.Name != nameof(DingTalkDigestOptions.Robots)))
        {
            Assert.True(Equals(property.GetValue(parent), property.GetValue(copy)), $"{property.Name} is not copied to a named robot's options");
        }
    }

    [Fact]
    public void A_named_robot_has_its_own_webhook_mentions_and_name_and_the_default_robots_title()
    {
        var parent = new DingTalkDigestOptions { WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=aa", Title = "Checkout", AtMobiles = { "13800000000" } };
        var robot = new DingTalkRoutedRobotOptions { WebhookUrl = "https://oapi.dingtalk.com/robot/send?access_token=bb", AtAll = true };

        var options = RobotOptionsDerivation.ForNamed(parent, "oncall", robot)!;

        Assert.Equal(robot.WebhookUrl, options.WebhookUrl);
        Assert.Equal("oncall", options.Name);
        Assert.Equal("Checkout", options.Title);
        Assert.True(options.AtAll);
        Assert.Empty(options.AtMobiles);
        Assert.Null(RobotOptionsDerivation.ForNamed(parent, "placeholder", new DingTalkRoutedRobotOptions()));
    }

    private static IEnumerable<PropertyInfo> Settable()
        => typeof(DingTalkDigestOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    // A value no default has, so that a property left uncopied shows.
    private static object? Distinct(PropertyInfo property)
    {
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => "x-distinct",
            _ when underlying == typeof(int) => 7,
            _ when underlying == typeof(double) => 7.5,
            _ when underlying == typeof(bool) => !(bool)property.GetValue(new DingTalkDigestOptions())!,
            _ when underlying == typeof(TimeSpan) => TimeSpan.FromSeconds(7),
            _ when underlying == typeof(DigestLevel) => DigestLevel.Debug,
            _ when underlying == typeof(TimeProvider) => new Microsoft.Extensions.Time.Testing.FakeTimeProvider(),
            _ when underlying == typeof(HttpMessageHandler) => new HttpClientHandler(),
            _ when underlying == typeof(DingTalkFleetOptions) => new DingTalkFleetOptions { Name = "x-distinct" },
            _ when underlying.IsInterface && underlying.GetGenericArguments().Length == 1
                => Activator.CreateInstance(typeof(List<>).MakeGenericType(underlying.GetGenericArguments())),
            _ when underlying.IsInterface
                => Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(underlying.GetGenericArguments())),
            _ => throw new InvalidOperationException($"No distinct value for {type}: extend this test."),
        };
    }

    private readonly struct Properties : IRouteProperties
    {
        private readonly (string Name, object? Value)[] _pairs;

        public Properties(params (string Name, object? Value)[] pairs) => _pairs = pairs;

        public bool Has(string name, string value) => _pairs.Any(p => p.Name == name && RouteValue.Matches(p.Value, value));
    }

    private sealed class Throwing
    {
        public override string ToString() => throw new InvalidOperationException("never called");
    }
}
