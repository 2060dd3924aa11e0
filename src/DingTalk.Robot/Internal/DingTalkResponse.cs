using System.Text.Json.Serialization;

namespace DingTalk.Robot.Internal;

/// <summary>The body DingTalk answers every post with: <c>{"errcode":0,"errmsg":"ok"}</c>.</summary>
internal sealed class DingTalkResponse
{
    /// <summary>0 when the message was accepted; <see langword="null"/> when the body had none.</summary>
    [JsonPropertyName("errcode")]
    public int? ErrCode { get; set; }

    /// <summary>DingTalk's explanation.</summary>
    [JsonPropertyName("errmsg")]
    public string? ErrMsg { get; set; }
}
