using System.Text.Json.Serialization;

namespace DingTalk.Robot.Internal;

/// <summary>
/// Source-generated metadata for <see cref="DingTalkResponse"/>: reading answers without reflection keeps the library
/// trimming- and AOT-safe. Numbers are also accepted as strings, in case a proxy or gateway quotes them.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DingTalkResponse))]
internal sealed partial class DingTalkResponseJsonContext : JsonSerializerContext
{
}
