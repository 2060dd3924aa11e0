using System.Buffers;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DingTalk.Robot.Testing.Internal;

/// <summary>Writes the emulator's answers: DingTalk's JSON, or the HTML pages of a proxy in trouble.</summary>
internal static class ResponseWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static Task WriteJsonAsync(HttpResponse response, Answer answer)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("errcode", answer.ErrCode);
            writer.WriteString("errmsg", answer.ErrMsg);
            writer.WriteEndObject();
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json;charset=utf-8";
        return response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }

    public static Task WriteHtmlAsync(HttpResponse response, int statusCode)
    {
        var title = WebUtility.HtmlEncode($"{statusCode} {ReasonPhrases.GetReasonPhrase(statusCode)}".Trim());
        response.StatusCode = statusCode;
        response.ContentType = "text/html;charset=utf-8";
        return response.WriteAsync(
            $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n" +
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }
}
