using DingTalk.Robot.Digest;
using Microsoft.Extensions.Logging;

namespace DingTalk.Extensions.Logging.Tests;

/// <summary>
/// The logging call maps MEL's level by its number (the two scales number Trace to Critical alike): this pins the
/// numbering, so a change to either enum fails here rather than in a digest.
/// </summary>
public sealed class LogLevelMappingTests
{
    [Theory]
    [InlineData(LogLevel.Trace, DigestLevel.Verbose)]
    [InlineData(LogLevel.Debug, DigestLevel.Debug)]
    [InlineData(LogLevel.Information, DigestLevel.Information)]
    [InlineData(LogLevel.Warning, DigestLevel.Warning)]
    [InlineData(LogLevel.Error, DigestLevel.Error)]
    [InlineData(LogLevel.Critical, DigestLevel.Fatal)]
    [InlineData(LogLevel.None, DigestLevel.Fatal)]
    [InlineData((LogLevel)42, DigestLevel.Fatal)]
    [InlineData((LogLevel)(-1), DigestLevel.Fatal)]
    public void Each_level_maps_to_its_digest_level(LogLevel level, DigestLevel expected)
        => Assert.Equal(expected, LogLevelMapping.ToDigestLevel(level));
}
