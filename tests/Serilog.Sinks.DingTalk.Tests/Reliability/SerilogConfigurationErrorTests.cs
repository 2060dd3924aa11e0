using System.Text;
using DingTalk.Testing.Shared.Reliability;
using Microsoft.Extensions.Configuration;
using Serilog.Events;

namespace Serilog.Sinks.DingTalk.Tests.Reliability;

/// <summary>
/// Every invalid option is refused when the logger is configured — in code and in appsettings.json — with a message
/// that names the option and says what to write instead (and never repeats the token or the secret). An empty
/// webhook is the exception: a placeholder to be filled per environment disables the sink with one SelfLog line.
/// </summary>
[Collection(SelfLogCollection.Name)]
public sealed class SerilogConfigurationErrorTests
{
    private const string Token = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string Webhook = "https://oapi.dingtalk.com/robot/send?access_token=" + Token;
    private const string Secret = "SEC0123456789abcdef0123456789abcdef";

    /// <summary>An Args key of WriteTo DingTalk, its bad value, and what the error must say.</summary>
    public static TheoryData<string, string, string[]> BadArgs => new()
    {
        { "webhookUrl", "http://oapi.dingtalk.com/robot/send?access_token=" + Token, ["WebhookUrl", "https"] },
        { "webhookUrl", "https://oapi.dingtalk.com/robot/send", ["WebhookUrl", "access_token"] },
        { "webhookUrl", "https://oapi.dingtalk.com/robot/send?access_token=" + Token + "&timestamp=1700000000000&sign=abc", ["WebhookUrl", "'timestamp'", "Secret"] },
        { "webhookUrl", "https://oapi.dingtalk.com/robot/send?access_token=" + Token + "&sign=abc", ["WebhookUrl", "'sign'"] },
        { "webhookUrl", "oapi.dingtalk.com/robot/send?access_token=" + Token, ["WebhookUrl", "absolute"] },
        { "secret", "SEC0123 456789abcdef", ["Secret", "whitespace"] },
        { "secret", Secret + "\n", ["Secret", "whitespace"] },
        { "bufferingTimeLimit", "5", ["BufferingTimeLimit", "days", "00:00:10"] },
        { "retryTimeLimit", "5", ["RetryTimeLimit", "days"] },
        { "shutdownTimeout", "5", ["ShutdownTimeout", "days"] },
        { "period", "2", ["BufferingTimeLimit", "days"] },
        { "bufferingTimeLimit", "00:00:00", ["BufferingTimeLimit"] },

        // A bare number is read as days: "1" is one day and "0" is zero, and every TimeSpan's range excludes both.
        { "bufferingTimeLimit", "1", ["BufferingTimeLimit", "got 1.00:00:00", "days"] },
        { "bufferingTimeLimit", "0", ["BufferingTimeLimit", "got 00:00:00", "days"] },
        { "period", "1", ["BufferingTimeLimit", "got 1.00:00:00", "days"] },
        { "period", "0", ["BufferingTimeLimit", "got 00:00:00", "days"] },
        { "retryTimeLimit", "1", ["RetryTimeLimit", "got 1.00:00:00", "days"] },
        { "retryTimeLimit", "0", ["RetryTimeLimit", "got 00:00:00", "days"] },
        { "shutdownTimeout", "1", ["ShutdownTimeout", "got 1.00:00:00", "days"] },
        { "shutdownTimeout", "0", ["ShutdownTimeout", "got 00:00:00", "days"] },
        { "shutdownTimeout", "00:00:00", ["ShutdownTimeout", "got 00:00:00"] },
        { "messagesPerMinute", "1000", ["MessagesPerMinute", "at most 20", "throttles"] },
        { "messagesPerMinute", "21", ["MessagesPerMinute", "at most 20", "throttles"] },
        { "batchSizeLimit", "0", ["BatchSizeLimit", "greater than zero"] },
        { "batchSizeLimit", "-5", ["BatchSizeLimit", "greater than zero"] },
        { "batchPostingLimit", "0", ["BatchSizeLimit", "greater than zero"] },
        { "queueLimit", "0", ["QueueLimit", "greater than zero"] },
        { "queueLimit", "-1", ["QueueLimit", "greater than zero"] },
        { "messagesPerMinute", "0", ["MessagesPerMinute", "20"] },
        { "messagesPerMinute", "-20", ["MessagesPerMinute", "20"] },
        { "maxEventsShown", "0", ["MaxEventsShown"] },
        { "atMobiles", "[\"138 0000 0000\"]", ["AtMobiles"] },
        { "timeZone", "Mars/Olympus_Mons", ["TimeZone", "Mars/Olympus_Mons", "Asia/Shanghai"] },
        { "maxPropertiesShown", "51", ["MaxPropertiesShown", "between 0 and 50"] },
        { "maxPropertiesShown", "-1", ["MaxPropertiesShown", "between 0 and 50"] },
        { "includedProperties", "[\" \"]", ["IncludedProperties"] },
        { "links", "{ \"Jaeger\": \"jaeger/{TraceId}\" }", ["Links:Jaeger", "absolute http or https"] },
        { "links", "{ \"Jaeger\": \"https://jaeger.example.com/trace/{TraceId\" }", ["Links:Jaeger", "'{' without its '}'"] },

        // Known limit: Serilog.Settings.Configuration converts an enum or a number itself, before the sink's method is
        // called, and its message quotes only the value ("Requested value 'Loud' was not found."), not the key.
        { "restrictedToMinimumLevel", "Loud", ["'Loud'"] },
        { "mentionLevel", "Loud", ["'Loud'"] },
        { "batchSizeLimit", "many", ["'many'"] },
    };

    [Theory]
    [MemberData(nameof(BadArgs))]
    public void A_bad_value_in_appsettings_json_is_refused_at_start_with_a_message_naming_the_option(string arg, string value, string[] expected)
    {
        var json = value.StartsWith('[') || value.StartsWith('{') ? value : "\"" + value.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
        var webhook = arg == "webhookUrl" ? "" : $"\"webhookUrl\": \"{Webhook}\",";
        var error = Assert.ThrowsAny<Exception>(() => FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "WriteTo": [ { "Name": "DingTalk", "Args": { {{webhook}} "{{arg}}": {{json}} } } ]
          }
        }
        """));

        var message = Messages(error);
        foreach (var fragment in expected)
        {
            Assert.Contains(fragment, message, StringComparison.Ordinal);
        }

        SecretScan.AssertClean([message], Token, Secret);
    }

    [Theory]
    [InlineData("bufferingTimeLimit", "\"00:00:05\"", "period", "\"00:00:01\"")]
    [InlineData("batchSizeLimit", "500", "batchPostingLimit", "100")]
    public void A_setting_given_under_both_its_names_is_refused_naming_both(string name, string value, string legacyName, string legacyValue)
    {
        var error = Assert.ThrowsAny<Exception>(() => FromJson($$"""
        {
          "Serilog": {
            "Using": [ "Serilog.Sinks.DingTalk" ],
            "WriteTo": [ { "Name": "DingTalk", "Args": { "webhookUrl": "{{Webhook}}", "{{name}}": {{value}}, "{{legacyName}}": {{legacyValue}} } } ]
          }
        }
        """));

        var message = Messages(error);
        Assert.Contains(name + " and " + legacyName + " are the same setting", message, StringComparison.Ordinal);
        SecretScan.AssertClean([message], Token, Secret);
    }

    public static TheoryData<string, string[]> BadFluentOptions => new()
    {
        { "http public host", ["WebhookUrl", "https"] },
        { "missing access_token", ["WebhookUrl", "access_token"] },
        { "signed url", ["WebhookUrl", "'timestamp'"] },
        { "secret with whitespace", ["Secret", "whitespace"] },
        { "5 days", ["BufferingTimeLimit", "days"] },
        { "zero batch", ["BatchSizeLimit", "greater than zero"] },
        { "zero queue", ["QueueLimit", "greater than zero"] },
        { "zero budget", ["MessagesPerMinute"] },
        { "over DingTalk's budget", ["MessagesPerMinute", "at most 20"] },
        { "zero shutdown timeout", ["ShutdownTimeout", "got 00:00:00"] },
        { "zero retry time limit", ["RetryTimeLimit", "got 00:00:00"] },
        { "unknown mention level", ["MentionLevel", "Fatal (Critical)"] },
    };

    [Theory]
    [MemberData(nameof(BadFluentOptions))]
    public void A_bad_value_in_code_is_refused_by_WriteTo_with_a_message_naming_the_option(string name, string[] expected)
    {
        Action<DingTalkSinkOptions> spoil = name switch
        {
            "http public host" => o => o.WebhookUrl = Webhook.Replace("https:", "http:", StringComparison.Ordinal),
            "missing access_token" => o => o.WebhookUrl = "https://oapi.dingtalk.com/robot/send",
            "signed url" => o => o.WebhookUrl = Webhook + "&timestamp=1700000000000&sign=abc",
            "secret with whitespace" => o => o.Secret = " " + Secret,
            "5 days" => o => o.BufferingTimeLimit = TimeSpan.FromDays(5),
            "zero batch" => o => o.BatchSizeLimit = 0,
            "zero queue" => o => o.QueueLimit = 0,
            "zero budget" => o => o.MessagesPerMinute = 0,
            "over DingTalk's budget" => o => o.MessagesPerMinute = 1_000,
            "zero shutdown timeout" => o => o.ShutdownTimeout = TimeSpan.Zero,
            "zero retry time limit" => o => o.RetryTimeLimit = TimeSpan.Zero,
            "unknown mention level" => o => o.MentionLevel = (global::DingTalk.Robot.Digest.DigestLevel)42,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var options = new DingTalkSinkOptions { WebhookUrl = Webhook, Secret = Secret };
        spoil(options);

        var error = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(options).CreateLogger());

        foreach (var fragment in expected)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        SecretScan.AssertClean([error.ToString()], Token, Secret);
    }

    [Fact]
    public void The_flat_overload_refuses_the_same_values()
    {
        Assert.Contains("BatchSizeLimit", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, batchSizeLimit: 0)).Message, StringComparison.Ordinal);
        Assert.Contains("QueueLimit", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, queueLimit: -1)).Message, StringComparison.Ordinal);
        Assert.Contains("MessagesPerMinute", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, messagesPerMinute: 0)).Message, StringComparison.Ordinal);
        Assert.Contains("ShutdownTimeout", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, shutdownTimeout: TimeSpan.FromDays(5))).Message, StringComparison.Ordinal);
        Assert.Contains("MentionLevel", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, mentionLevel: (LogEventLevel)42)).Message, StringComparison.Ordinal);
        Assert.Contains("MessagesPerMinute", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, messagesPerMinute: 1_000)).Message, StringComparison.Ordinal);
        Assert.Contains("ShutdownTimeout", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, shutdownTimeout: TimeSpan.Zero)).Message, StringComparison.Ordinal);
        Assert.Contains("period", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, bufferingTimeLimit: TimeSpan.FromSeconds(5), period: TimeSpan.FromSeconds(1))).Message, StringComparison.Ordinal);
        Assert.Contains("batchPostingLimit", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, batchSizeLimit: 500, batchPostingLimit: 100)).Message, StringComparison.Ordinal);
        Assert.Contains("Secret", Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.DingTalk(Webhook, secret: "SEC a")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_webhook_in_code_disables_the_sink_with_one_SelfLog_line_and_no_error(string webhook)
    {
        using var selfLog = SelfLogCapture.Start();

        using (var logger = new LoggerConfiguration().WriteTo.DingTalk(webhook).CreateLogger())
        {
            logger.Error("Goes nowhere");
        }

        using (var logger = new LoggerConfiguration().WriteTo.DingTalk(new DingTalkSinkOptions { WebhookUrl = webhook }).CreateLogger())
        {
            logger.Error("Goes nowhere either");
        }

        Assert.Equal(2, selfLog.Lines.Count(l => l.Contains("DingTalk sink disabled", StringComparison.Ordinal)));
        Assert.All(selfLog.Lines, l => Assert.Contains("webhook", l, StringComparison.OrdinalIgnoreCase));
    }

    private static Core.Logger FromJson(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger();
    }

    // Serilog.Settings.Configuration wraps the sink's exception in TargetInvocationException: read the whole chain.
    private static string Messages(Exception error)
    {
        var text = new StringBuilder();
        for (var e = error; e is not null; e = e.InnerException)
        {
            text.Append(e.Message).Append('\n');
        }

        return text.ToString();
    }
}
