using System.Reflection;

namespace Serilog.Sinks.DingTalk.Tests;

/// <summary>
/// <c>WriteTo.DingTalk(webhookUrl, …)</c> (and so appsettings.json) spells its defaults as parameter defaults; they
/// must say what <see cref="DingTalkSinkOptions"/> says, or the two ways to configure the sink would differ.
/// </summary>
public sealed class FlatOverloadDefaultsTests
{
    [Fact]
    public void Every_parameter_default_is_the_options_default()
    {
        var flat = typeof(DingTalkLoggerConfigurationExtensions).GetMethods()
            .Single(m => m.Name == "DingTalk" && m.GetParameters().Any(p => p.Name == "webhookUrl"));
        var defaults = new DingTalkSinkOptions();
        var compared = new List<string>();

        foreach (var parameter in flat.GetParameters().Where(p => p.HasDefaultValue && p.DefaultValue is not null))
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

        Assert.Contains("queueLimit", compared);
        Assert.Contains("batchSizeLimit", compared);
        Assert.Contains("mentionLevel", compared);
    }
}
