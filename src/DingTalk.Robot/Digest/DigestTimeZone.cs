namespace DingTalk.Robot.Digest;

/// <summary>Finds <see cref="DingTalkDigestOptions.TimeZone"/>: an IANA or a Windows id.</summary>
/// <remarks>
/// On .NET 8 and later <see cref="TimeZoneInfo.FindSystemTimeZoneById"/> accepts both kinds on every OS (it converts
/// between them with ICU's tables). The netstandard2.0 build, on .NET Framework, knows only Windows ids, and on Mono only
/// the ids of the OS it runs on: there the other kind is refused at start-up, naming the setting.
/// </remarks>
internal static class DigestTimeZone
{
    /// <summary>The zone, or <see langword="null"/> for none (each event's own offset).</summary>
    /// <exception cref="ArgumentException">The id is not a time zone this system knows.</exception>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id!.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException(
                $"TimeZone must be a time zone id this system knows, such as \"Asia/Shanghai\" (IANA) or \"China Standard Time\" (Windows); got \"{id}\". ({ex.GetType().Name})",
                nameof(DingTalkDigestOptions.TimeZone));
        }
    }
}
