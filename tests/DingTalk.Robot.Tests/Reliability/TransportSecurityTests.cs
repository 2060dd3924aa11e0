using System.Text.RegularExpressions;
using DingTalk.Robot.Digest;

namespace DingTalk.Robot.Tests.Reliability;

/// <summary>
/// The webhook URL carries the robot's access_token: it only ever travels over validated TLS. TLS validation is never
/// turned off anywhere in the sources (the DingTalk sinks that came before did), and plain http is accepted only
/// for a test server on this machine.
/// </summary>
public sealed class TransportSecurityTests
{
    private static readonly string[] Forbidden =
    [
        "ServerCertificateCustomValidationCallback",
        "DangerousAcceptAnyServerCertificateValidator",
        "RemoteCertificateValidationCallback",
        "CheckCertificateRevocationList = false",
    ];

    [Fact]
    public void No_source_file_turns_TLS_validation_off()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        // The scan must scan something: the client's own handler factory is among the files.
        Assert.Contains(files, f => f.EndsWith("DingTalkHttpHandlerFactory.cs", StringComparison.Ordinal));
        var whitespace = new Regex(@"\s+", RegexOptions.CultureInvariant);
        var hits = new List<string>();
        foreach (var file in files)
        {
            var text = whitespace.Replace(File.ReadAllText(file), " ");
            foreach (var pattern in Forbidden)
            {
                if (text.Contains(pattern, StringComparison.Ordinal))
                {
                    hits.Add($"{Path.GetRelativePath(src, file)}: {pattern}");
                }
            }
        }

        Assert.Empty(hits);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/robot/send?access_token=abc")]
    [InlineData("http://127.1.2.3/robot/send?access_token=abc")]
    [InlineData("http://[::1]:8080/robot/send?access_token=abc")]
    [InlineData("http://localhost:8080/robot/send?access_token=abc")]
    [InlineData("http://LOCALHOST/robot/send?access_token=abc")]

    // System.Uri itself rewrites the host "loopback" to "localhost": the request does go to this machine.
    [InlineData("http://loopback/robot/send?access_token=abc")]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=abc")]
    [InlineData("https://oapi.dingtalk.io/robot/send?access_token=abc")]
    public void Plain_http_is_accepted_for_loopback_only(string webhook)
    {
        new DingTalkRobotOptions { WebhookUrl = webhook }.Validate();
        new DingTalkDigestOptions { WebhookUrl = webhook }.Validate();
    }

    [Theory]
    [InlineData("http://10.0.0.1/robot/send?access_token=abc")]
    [InlineData("http://192.168.1.10:8080/robot/send?access_token=abc")]
    [InlineData("http://example.com/robot/send?access_token=abc")]
    [InlineData("http://oapi.dingtalk.com/robot/send?access_token=abc")]
    [InlineData("http://127.0.0.1.nip.io/robot/send?access_token=abc")]
    [InlineData("http://localhost.example.com/robot/send?access_token=abc")]
    [InlineData("http://[::ffff:10.0.0.1]/robot/send?access_token=abc")]
    [InlineData("http://0.0.0.0/robot/send?access_token=abc")]
    [InlineData("ftp://127.0.0.1/robot/send?access_token=abc")]
    public void Plain_http_to_anything_else_is_refused_before_a_byte_is_sent(string webhook)
    {
        var client = Assert.ThrowsAny<ArgumentException>(() => new DingTalkRobotOptions { WebhookUrl = webhook }.Validate());
        var digest = Assert.ThrowsAny<ArgumentException>(() => new DingTalkDigestOptions { WebhookUrl = webhook }.Validate());

        Assert.Contains("https", client.Message, StringComparison.Ordinal);
        Assert.Equal(client.Message, digest.Message);
        Assert.DoesNotContain("access_token=abc", client.Message, StringComparison.Ordinal);
    }

    // The repository root: the directory that holds Serilog.Sinks.DingTalk.sln, walking up from the test's output.
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serilog.Sinks.DingTalk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Serilog.Sinks.DingTalk.sln not found above " + AppContext.BaseDirectory);
    }
}
