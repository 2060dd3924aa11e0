namespace DingTalk.Robot.Internal;

/// <summary>Argument checks that read the same on every target framework (netstandard2.0 has no ThrowIfNull).</summary>
internal static class Guard
{
    public static T NotNull<T>(T? value, string parameterName)
        where T : class
        => value ?? throw new ArgumentNullException(parameterName);

    public static string NotNullOrEmpty(string? value, string parameterName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        if (value.Length == 0)
        {
            throw new ArgumentException($"The value of '{parameterName}' must not be empty.", parameterName);
        }

        return value;
    }
}
