using System.Globalization;

namespace DingTalk.Robot.Digest.Markdown.Text;

/// <summary>
/// How the digest writes times: in the configured time zone (<see cref="DingTalkDigestOptions.TimeZone"/>), or else each
/// in its event's own offset, culture-independent. The window in the heading is written in full
/// (<c>2024-05-01 10:00:00 +08:00</c>, so the offset is always stated once); times inside the digest drop the date and
/// offset when they match the window's start, which they almost always do (<c>10:04:59</c>).
/// </summary>
internal readonly struct DigestTimeFormat
{
    private const string Full = "yyyy-MM-dd HH:mm:ss zzz";
    private const string TimeOnly = "HH:mm:ss";

    private readonly DateTimeOffset _reference;
    private readonly bool _hasReference;
    private readonly TimeZoneInfo? _zone;

    public DigestTimeFormat(DateTimeOffset? reference, TimeZoneInfo? zone = null)
    {
        _zone = zone;
        _reference = reference is { } r ? In(r, zone) : default;
        _hasReference = reference.HasValue;
    }

    /// <summary>A time inside the digest: <c>HH:mm:ss</c> on the reference's day and offset, else in full.</summary>
    public string Short(DateTimeOffset t)
    {
        t = In(t, _zone);
        return _hasReference && t.Offset == _reference.Offset && t.Date == _reference.Date
            ? t.ToString(TimeOnly, CultureInfo.InvariantCulture)
            : t.ToString(Full, CultureInfo.InvariantCulture);
    }

    /// <summary>A range: <c>10:00:01 – 10:04:59</c>, or one time when both ends are the same second.</summary>
    public string ShortRange(DateTimeOffset first, DateTimeOffset last)
    {
        var a = Short(first);
        var b = Short(last);
        return a == b ? a : a + " – " + b;
    }

    /// <summary>The batch window: <c>2024-05-01 10:00:00 – 10:04:59 +08:00</c>, in full where the ends differ in day or offset.</summary>
    public static string Window(DateTimeOffset first, DateTimeOffset last, TimeZoneInfo? zone = null)
    {
        first = In(first, zone);
        last = In(last, zone);
        var start = first.ToString(Full, CultureInfo.InvariantCulture);
        if (last.Offset == first.Offset && last.Date == first.Date)
        {
            var lastTime = last.ToString(TimeOnly, CultureInfo.InvariantCulture);
            return lastTime == first.ToString(TimeOnly, CultureInfo.InvariantCulture)
                ? start
                : first.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " – " + lastTime + " " + first.ToString("zzz", CultureInfo.InvariantCulture);
        }

        return start + " – " + last.ToString(Full, CultureInfo.InvariantCulture);
    }

    // The time as the zone's clocks showed it (daylight saving time included), or as it came; a time the zone cannot
    // show (near DateTimeOffset's ends) stays as it came rather than fail the digest.
    private static DateTimeOffset In(DateTimeOffset t, TimeZoneInfo? zone)
    {
        if (zone is null)
        {
            return t;
        }

        try
        {
            return TimeZoneInfo.ConvertTime(t, zone);
        }
        catch (ArgumentOutOfRangeException)
        {
            return t;
        }
    }
}
