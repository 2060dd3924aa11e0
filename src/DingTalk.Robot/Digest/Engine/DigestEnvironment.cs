using System.Reflection;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>What the digest's heading says about where it comes from: the app, its environment and its host.</summary>
internal static class DigestEnvironment
{
    public static string DefaultApp()
    {
        try
        {
            return Assembly.GetEntryAssembly()?.GetName().Name ?? "app";
        }
        catch (Exception)
        {
            return "app";
        }
    }

    /// <summary><c>DOTNET_ENVIRONMENT</c> or <c>ASPNETCORE_ENVIRONMENT</c>, as the generic and the web host read them.</summary>
    public static string? EnvironmentName()
    {
        try
        {
            var value = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
            if (string.IsNullOrWhiteSpace(value))
            {
                value = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT");
            }

            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
        catch (Exception)
        {
            return null;
        }
    }

    public static string? HostName()
    {
        try
        {
            return Environment.MachineName;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
