using System.Text.Json;
using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Relay;

namespace DingTalk.Robot.Redis;

/// <summary>
/// A <see cref="FleetDelta"/> as the compact JSON the fleet's stream holds, written and read by hand (no reflection:
/// the package stays trimming- and AOT-safe). A field a reader does not know is skipped; a delta that cannot be read
/// is reported by the caller and counted as lost, never guessed.
/// </summary>
internal static class FleetDeltaCodec
{
    /// <summary>The delta as UTF-8 JSON.</summary>
    public static byte[] Write(FleetDelta delta)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("r", delta.Replica);
            w.WriteStartArray("g");
            foreach (var group in delta.Groups)
            {
                WriteGroup(w, group);
            }

            w.WriteEndArray();
            WriteCounts(w, "o", delta.OtherLevelCounts);
            WriteCounts(w, "q", delta.DroppedQueueFullLevels);
            w.WriteNumber("dq", delta.DroppedQueueFull);
            w.WriteNumber("dc", delta.DroppedClosing);
            w.WriteStartArray("un");
            foreach (var note in delta.Undelivered)
            {
                w.WriteStartObject();
                w.WriteNumber("n", note.Events);
                w.WriteString("r", note.Reason);
                w.WriteBoolean("u", note.OutcomeUnknown);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a delta written by <see cref="Write"/>.</summary>
    /// <exception cref="JsonException">The text is not a delta.</exception>
    public static FleetDelta Read(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var groups = new List<FleetDeltaGroup>();
        foreach (var group in Array(root, "g"))
        {
            groups.Add(ReadGroup(group));
        }

        var notes = new List<UndeliveredNote>();
        foreach (var note in Array(root, "un"))
        {
            notes.Add(new UndeliveredNote(Long(note, "n"), String(note, "r") ?? string.Empty, note.TryGetProperty("u", out var u) && u.ValueKind == JsonValueKind.True));
        }

        return new FleetDelta(
            String(root, "r") ?? "?", groups, Counts(root, "o"), Counts(root, "q"), Long(root, "dq"), Long(root, "dc"), notes);
    }

    private static void WriteGroup(Utf8JsonWriter w, FleetDeltaGroup group)
    {
        w.WriteStartObject();
        w.WriteString("t", group.Template);
        if (group.UserFingerprint is { } user)
        {
            w.WriteString("u", user);
        }

        w.WriteNumber("f", group.Fingerprint);
        WriteCounts(w, "c", group.LevelCounts);
        WriteTime(w, "a", group.FirstSeen);
        WriteTime(w, "z", group.LastSeen);
        w.WriteStartArray("e");
        foreach (var example in group.Examples)
        {
            WriteEvent(w, example);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static FleetDeltaGroup ReadGroup(JsonElement g)
    {
        var examples = new List<DigestEvent>();
        foreach (var e in Array(g, "e"))
        {
            examples.Add(ReadEvent(e));
        }

        var fingerprint = g.TryGetProperty("f", out var f) && f.TryGetUInt64(out var value) ? value : 0UL;
        return new FleetDeltaGroup(
            String(g, "t") ?? string.Empty, String(g, "u"), fingerprint, Counts(g, "c"), Time(g, "a"), Time(g, "z"), examples);
    }

    private static void WriteEvent(Utf8JsonWriter w, DigestEvent e)
    {
        w.WriteStartObject();
        WriteTime(w, "ts", e.Timestamp);
        w.WriteNumber("l", (int)e.Level);
        w.WriteString("m", e.MessageTemplate);
        w.WriteString("x", e.RenderedMessage);
        WriteOptional(w, "s", e.Source);
        if (e.Exception is RelayedException exception)
        {
            w.WritePropertyName("ex");
            WriteException(w, exception);
        }

        if (e.EventId != 0)
        {
            w.WriteNumber("id", e.EventId);
        }

        WriteOptional(w, "en", e.EventName);
        WritePairs(w, "p", e.Properties);
        if (e.Scopes is { } scopes)
        {
            w.WriteStartArray("sc");
            foreach (var scope in scopes)
            {
                w.WriteStringValue(scope);
            }

            w.WriteEndArray();
        }

        WriteOptional(w, "tr", e.TraceId);
        WriteOptional(w, "sp", e.SpanId);
        WritePairs(w, "lv", e.LinkValues);
        w.WriteEndObject();
    }

    private static DigestEvent ReadEvent(JsonElement e)
    {
        var level = (DigestLevel)(int)Math.Max(0, Math.Min(DigestLevelText.Count - 1, Long(e, "l")));
        return new DigestEvent(Time(e, "ts"), level, String(e, "m") ?? string.Empty, String(e, "x") ?? string.Empty)
        {
            Source = String(e, "s"),
            Exception = e.TryGetProperty("ex", out var ex) ? ReadException(ex, depth: 0) : null,
            EventId = (int)Long(e, "id"),
            EventName = String(e, "en"),
            Properties = Pairs(e, "p"),
            Scopes = e.TryGetProperty("sc", out var sc) && sc.ValueKind == JsonValueKind.Array ? sc.EnumerateArray().Select(s => s.GetString() ?? string.Empty).ToList() : null,
            TraceId = String(e, "tr"),
            SpanId = String(e, "sp"),
            LinkValues = Pairs(e, "lv"),
        };
    }

    private static void WriteException(Utf8JsonWriter w, RelayedException e)
    {
        w.WriteStartObject();
        w.WriteString("t", e.TypeName);
        w.WriteString("m", e.Message);
        WriteOptional(w, "st", e.StackTrace);
        if (e.Inner is { } inner)
        {
            w.WritePropertyName("in");
            WriteException(w, inner);
        }

        w.WriteEndObject();
    }

    // The chain is as deep as the builder made it (a handful of links); a deeper one is cut, not followed.
    private static RelayedException? ReadException(JsonElement e, int depth)
    {
        if (e.ValueKind != JsonValueKind.Object || depth > 16)
        {
            return null;
        }

        var inner = e.TryGetProperty("in", out var i) ? ReadException(i, depth + 1) : null;
        return new RelayedException(String(e, "t") ?? "Exception", String(e, "m"), String(e, "st"), inner);
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, long[] counts)
    {
        w.WriteStartArray(name);
        foreach (var count in counts)
        {
            w.WriteNumberValue(count);
        }

        w.WriteEndArray();
    }

    private static long[] Counts(JsonElement e, string name)
    {
        var counts = new long[DigestLevelText.Count];
        var i = 0;
        foreach (var count in Array(e, name))
        {
            if (i < counts.Length && count.TryGetInt64(out var value))
            {
                counts[i] = Math.Max(0, value);
            }

            i++;
        }

        return counts;
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset time)
    {
        w.WriteStartArray(name);
        w.WriteNumberValue(time.ToUnixTimeMilliseconds());
        w.WriteNumberValue((int)time.Offset.TotalMinutes);
        w.WriteEndArray();
    }

    private static DateTimeOffset Time(JsonElement e, string name)
    {
        var parts = Array(e, name).ToList();
        if (parts.Count != 2 || !parts[0].TryGetInt64(out var ms) || !parts[1].TryGetInt32(out var minutes) || Math.Abs(minutes) > 14 * 60)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(0);
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(TimeSpan.FromMinutes(minutes));
    }

    private static void WritePairs(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var pair in pairs)
        {
            w.WriteStartArray();
            w.WriteStringValue(pair.Key);
            w.WriteStringValue(pair.Value);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static List<KeyValuePair<string, string>>? Pairs(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var pair in array.EnumerateArray())
        {
            if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2)
            {
                pairs.Add(new KeyValuePair<string, string>(pair[0].GetString() ?? string.Empty, pair[1].GetString() ?? string.Empty));
            }
        }

        return pairs;
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement e, string name)
        => e.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : Enumerable.Empty<JsonElement>();

    private static string? String(JsonElement e, string name)
        => e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Long(JsonElement e, string name)
        => e.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
}
