namespace DingTalk.Robot.Testing.Internal;

/// <summary>
/// Instants within a rolling window: an instant counts at <c>now</c> while <c>now - instant &lt; Length</c>.
/// Not thread-safe.
/// </summary>
internal sealed class RollingWindow(TimeSpan length)
{
    private readonly Queue<DateTimeOffset> _instants = new();

    public TimeSpan Length { get; } = length;

    public void Add(DateTimeOffset instant) => _instants.Enqueue(instant);

    /// <summary>How many instants are inside the window ending at <paramref name="now"/>; forgets older ones.</summary>
    public int Count(DateTimeOffset now)
    {
        while (_instants.Count > 0 && now - _instants.Peek() >= Length)
        {
            _instants.Dequeue();
        }

        return _instants.Count;
    }

    /// <summary>The most instants any window of <paramref name="length"/> holds (same boundary rule as <see cref="Count"/>).</summary>
    public static int MaxInAnyWindow(IEnumerable<DateTimeOffset> instants, TimeSpan length)
    {
        var sorted = instants.Order().ToArray();
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= length)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }
}
