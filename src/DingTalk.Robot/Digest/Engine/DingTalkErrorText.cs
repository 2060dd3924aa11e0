using System.Globalization;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>A failed send in one line for a person: what DingTalk said and what to fix.</summary>
internal static class DingTalkErrorText
{
    public static string Describe(DingTalkSendResult result)
    {
        if (result.ErrCode is { } code && code != 0)
        {
            return "errcode " + code.ToString(CultureInfo.InvariantCulture) + " \"" + result.ErrMsg + "\": " + DingTalkErrorCodes.Advice(code, result.ErrMsg);
        }

        var text = result.ErrMsg ?? "no answer";
        return result.HttpStatus is { } status
            ? text + " (HTTP " + status.ToString(CultureInfo.InvariantCulture) + ")"
            : text;
    }
}
