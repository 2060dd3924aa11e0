using DingTalk.Testing.Shared.FrontEnds;

namespace DingTalk.Scenarios.Tests;

/// <summary>The front ends every scenario runs for: a theory's parameter (an enum, so each shows as a test of its own).</summary>
public enum FrontEnd
{
    Serilog,
    Mel,
}

/// <summary>The theory data of the scenarios.</summary>
public static class FrontEnds
{
    /// <summary>Both front ends.</summary>
    public static TheoryData<FrontEnd> Both => new() { FrontEnd.Serilog, FrontEnd.Mel };

    /// <summary>Every front end with every one of <paramref name="cases"/>.</summary>
    public static TheoryData<FrontEnd, T> With<T>(params T[] cases)
    {
        var data = new TheoryData<FrontEnd, T>();
        foreach (var frontEnd in Enum.GetValues<FrontEnd>())
        {
            foreach (var item in cases)
            {
                data.Add(frontEnd, item);
            }
        }

        return data;
    }

    internal static IFrontEnd Adapter(this FrontEnd frontEnd) => frontEnd switch
    {
        FrontEnd.Serilog => SerilogFrontEnd.Instance,
        FrontEnd.Mel => MelFrontEnd.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(frontEnd)),
    };
}
