namespace DingTalk.Robot.Testing.Tests;
public class PlaceholderTests { [Fact] public void Builds() => Assert.True(true); }
