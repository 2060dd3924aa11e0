using BenchmarkDotNet.Attributes;
using DingTalk.Robot.Internal;

namespace DingTalk.Benchmarks;

/// <summary>Signing (HMAC-SHA256 over timestamp + secret, Base64, URL-encoded) and building the request URL: once per attempt.</summary>
[Config(typeof(ShortConfig))]
public class SignerBenchmarks
{
    private const string Webhook = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Secret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private long _timestamp = 1_710_379_613_000;

    [Benchmark(Description = "sign + request URL")]
    public string SignAndBuildUrl() => DingTalkSigner.BuildRequestUrl(Webhook, Secret, _timestamp++, out _);
}
