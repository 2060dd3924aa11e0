using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DingTalk.Robot.Testing.Tests;

/// <summary>DingTalk's answer as the client sees it.</summary>
internal sealed record RobotResponse(HttpStatusCode Status, string? MediaType, string Body)
{
    public int? ErrCode => TryParse(out var json) ? json.GetProperty("errcode").GetInt32() : null;

    public string? ErrMsg => TryParse(out var json) ? json.GetProperty("errmsg").GetString() : null;

    private bool TryParse(out JsonElement json)
    {
        json = default;
        if (MediaType != "application/json")
        {
            return false;
        }

        json = JsonDocument.Parse(Body).RootElement.Clone();
        return true;
    }
}

/// <summary>A bare HTTP client for the emulator, with its own connection pool (one per test).</summary>
internal sealed class RobotClient : IDisposable
{
    public const string Json = "application/json; charset=utf-8";

    private readonly HttpClient _http;

    public RobotClient(TimeSpan? timeout = null)
    {
        _http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }

    public Task<RobotResponse> PostAsync(string url, string body, string? contentType = Json) =>
        PostAsync(url, Encoding.UTF8.GetBytes(body), contentType);

    public async Task<RobotResponse> PostAsync(string url, byte[] body, string? contentType = Json)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _http.PostAsync(url, content);
        return await ReadAsync(response);
    }

    public async Task<RobotResponse> SendAsync(HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, url);
        using var response = await _http.SendAsync(request);
        return await ReadAsync(response);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<RobotResponse> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
}

/// <summary>The client side of signing, written independently of the emulator's verifier.</summary>
internal static class Signing
{
    public static string Base64Sign(string secret, long timestamp)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{timestamp}\n{secret}")));
    }

    public static string SignedUrl(string webhookUrl, string secret, long timestamp) =>
        $"{webhookUrl}&timestamp={timestamp}&sign={Uri.EscapeDataString(Base64Sign(secret, timestamp))}";
}

/// <summary>Message bodies: the contract's examples.</summary>
internal static class Bodies
{
    public const string Text =
        """{"msgtype":"text","text":{"content":"disk full on @13800000000"},"at":{"atMobiles":["13800000000"],"atUserIds":["u1"],"isAtAll":false}}""";

    public const string Link =
        """{"msgtype":"link","link":{"title":"Release","text":"v1.2 is out","messageUrl":"https://example.com/r","picUrl":"https://example.com/p.png"}}""";

    public const string Markdown =
        """{"msgtype":"markdown","markdown":{"title":"Errors","text":"### 3 errors\n\n- **db** timeout"},"at":{"atMobiles":[],"isAtAll":true}}""";

    public const string ActionCardSingle =
        """{"msgtype":"actionCard","actionCard":{"title":"Deploy","text":"**v1.2** ready","btnOrientation":"0","hideAvatar":"0","singleTitle":"Read more","singleURL":"https://example.com/d"}}""";

    public const string ActionCardButtons =
        """{"msgtype":"actionCard","actionCard":{"title":"Vote","text":"Ship it?","btnOrientation":"1","btns":[{"title":"A","actionURL":"https://example.com/a"},{"title":"B","actionURL":"https://example.com/b"}]}}""";

    public const string FeedCard =
        """{"msgtype":"feedCard","feedCard":{"links":[{"title":"News 1","messageURL":"https://example.com/1","picURL":"https://example.com/1.png"},{"title":"News 2","messageURL":"https://example.com/2","picURL":"https://example.com/2.png"}]}}""";

    public static string TextMessage(string content, string? msgUuid = null) =>
        JsonSerializer.Serialize(msgUuid is null
            ? new { msgtype = "text", text = new { content } }
            : (object)new { msgtype = "text", text = new { content }, msgUuid });
}
