using System.Collections;
using System.Reflection;
using DingTalk.Robot;

namespace Serilog.Sinks.DingTalk.Tests;

/// <summary>
/// <c>WriteTo.DingTalk(webhookUrl, …)</c> (and so appsettings.json) must configure exactly what
/// <c>new DingTalkSinkOptions()</c> does when an argument is left out: the overload starts from the options' own
/// defaults, and the defaults it spells in its signature (constants, for the ones that cannot be null) are the same.
/// </summary>
public sealed class FlatOverloadDefaultsTests
{
    private const string Webhook = "https://oapi.dingtalk.com/robot/send?access_token=flat";

    private static readonly MethodInfo Flat = typeof(DingTalkLoggerConfigurationExtensions).GetMethods()
        .Single(m => m.Name == "DingTalk" && m.GetParameters().Any(p => p.Name == "webhookUrl"));

    private static readonly MethodInfo Builder = typeof(DingTalkLoggerConfigurationExtensions)
        .GetMethod("OptionsFromArguments", BindingFlags.NonPublic | BindingFlags.Static)!;

    [Fact]
    public void Leaving_every_argument_out_gives_the_options_defaults_in_every_property()
    {
        var built = BuildWithDefaults();
        var defaults = new DingTalkSinkOptions { WebhookUrl = Webhook };
        var properties = typeof(DingTalkSinkOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();

        foreach (var property in properties)
        {
            var expected = property.GetValue(defaults);
            var actual = property.GetValue(built);
            Assert.True(SameValue(expected, actual), $"{property.Name}: the flat overload gives {Show(actual)}, DingTalkSinkOptions says {Show(expected)}");
        }

        // Every option is compared, the Serilog-only one included.
        Assert.Contains(properties, p => p.Name == nameof(DingTalkSinkOptions.FormatProvider));
        Assert.True(properties.Length >= 20, string.Join(", ", properties.Select(p => p.Name)));
    }

    [Fact]
    public void Every_default_in_the_signature_is_the_options_default()
    {
        var defaults = new DingTalkSinkOptions();
        var compared = new List<string>();

        foreach (var parameter in Flat.GetParameters().Where(p => p.HasDefaultValue && p.DefaultValue is not null))
        {
            var property = typeof(DingTalkSinkOptions).GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                continue;
            }

            var expected = property.GetValue(defaults);
            // The levels are Serilog's on one side and the engine's on the other, with the same values.
            var actual = parameter.DefaultValue is Enum level ? Convert.ToInt32(level, null) : parameter.DefaultValue;
            expected = expected is Enum digestLevel ? Convert.ToInt32(digestLevel, null) : expected;
            Assert.True(Equals(expected, actual), $"{parameter.Name}: the parameter says {actual}, DingTalkSinkOptions says {expected}");
            compared.Add(parameter.Name!);
        }

        // Every parameter that cannot be left null has its default compared; the others start from the options.
        Assert.Equal(
            ["atAll", "eagerlyEmitFirstEvent", "includeProperties", "maxEventsShown", "maxPropertiesShown", "maxTrackedAlerts", "mentionLevel", "messagesPerMinute", "openLinksInBrowser", "queueLimit", "rememberAlerts", "risingFactor"],
            compared.Order());
    }

    [Fact]
    public void Every_argument_of_the_overload_reaches_the_options()
    {
        var options = Flat.GetParameters().Select(p => p.Name).Except(["loggerSinkConfiguration", "restrictedToMinimumLevel", "levelSwitch"]);

        Assert.Equal(options, Builder.GetParameters().Select(p => p.Name));
    }

    [Fact]
    public void The_fleet_arguments_reach_the_fleet_options()
    {
        var built = BuildWithDefaults(("fleetName", "orders"), ("fleetReplica", "orders-7f9c"), ("fleetExpectedReplicas", 6), ("fleetOneDigest", false));

        Assert.Equal(("orders", "orders-7f9c", 6, false), (built.Fleet.Name, built.Fleet.Replica, built.Fleet.ExpectedReplicas, built.Fleet.OneDigest));
    }

    private static DingTalkSinkOptions BuildWithDefaults(params (string Name, object? Value)[] given)
    {
        var flat = Flat.GetParameters().ToDictionary(p => p.Name!);
        var arguments = Builder.GetParameters()
            .Select(p => p.Name == "webhookUrl" ? Webhook : given.Any(g => g.Name == p.Name) ? given.First(g => g.Name == p.Name).Value : flat[p.Name!].DefaultValue)
            .ToArray();
        return (DingTalkSinkOptions)Builder.Invoke(null, arguments)!;
    }

    private static bool SameValue(object? expected, object? actual)
        => expected is DingTalkFleetOptions fleet && actual is DingTalkFleetOptions other
            ? (fleet.Redis, fleet.Name, fleet.ExpectedReplicas, fleet.Replica, fleet.OneDigest) == (other.Redis, other.Name, other.ExpectedReplicas, other.Replica, other.OneDigest)
            : expected is IEnumerable left and not string && actual is IEnumerable right and not string
            ? left.Cast<object?>().SequenceEqual(right.Cast<object?>())
            : Equals(expected, actual);

    private static string Show(object? value)
        => value is IEnumerable list and not string ? "[" + string.Join(", ", list.Cast<object?>()) + "]" : value?.ToString() ?? "null";
}
