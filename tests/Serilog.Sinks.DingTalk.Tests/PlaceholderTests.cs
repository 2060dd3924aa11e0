namespace Serilog.Sinks.DingTalk.Tests;
public class PlaceholderTests { [Fact] public void Builds() => Assert.True(true); }
