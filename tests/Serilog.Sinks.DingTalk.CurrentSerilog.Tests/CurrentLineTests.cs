using System.Reflection;

namespace Serilog.Sinks.DingTalk.Tests;

/// <summary>
/// This project exists to run the sink's tests on the line most users are on (issue 17): it fails, rather than quietly
/// testing the floor again, if a version change ever puts Serilog 3, Settings.Configuration 8 or Sinks.Async 1 under it.
/// </summary>
public sealed class CurrentLineTests
{
    [Theory]
    [InlineData("Serilog", 4, 4)]
    [InlineData("Serilog.Settings.Configuration", 10, 0)]
    [InlineData("Serilog.Sinks.Async", 2, 1)]
    public void The_sinks_tests_here_run_on_the_current_line(string assemblyName, int major, int minor)
    {
        var assembly = Assembly.Load(new AssemblyName(assemblyName));

        // The package version (AssemblyVersion stays at the major for binding): "4.4.0+…".
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var version = Version.Parse(informational.Split('+', '-')[0]);

        Assert.True(version >= new Version(major, minor), $"{assemblyName} {informational} is below {major}.{minor}");
    }
}
