using DingTalk.Robot.Digest.Batching;
using DingTalk.Robot.Digest.Markdown;
using DingTalk.Robot.Digest.Markdown.Content;
using DingTalk.Robot.Internal;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Renders a batch into its digest on a pool thread, for at most <see cref="TimeLimit"/>: rendering runs the app's
/// code (an exception's <c>Message</c>, a property's <c>ToString</c>), and one object that hangs must not stop the
/// product. When the time runs out, the digest goes out with its counts only, and so do the next ones until that
/// rendering returns: at most one pool thread is ever held by a hanging object.
/// </summary>
internal sealed class TimeBoxedDigestRenderer<TEvent>
{
    /// <summary>How long a rendering may take (a normal one takes milliseconds).</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(5);

    private readonly DigestEventReader<TEvent> _reader;
    private readonly DigestFormatterSettings _settings;
    private readonly TimeProvider _stallClock;
    private readonly DeliveryReporter _reporter;
    private readonly LoopWatchdog _watchdog;

    // Not thread-safe (it reuses buffers): a rendering that is abandoned keeps its formatter, and the next one gets a new one.
    private MarkdownDigestFormatter _formatter;
    private Task? _hanging;

    public TimeBoxedDigestRenderer(DigestEventReader<TEvent> reader, DigestFormatterSettings settings, TimeProvider stallClock, DeliveryReporter reporter, LoopWatchdog watchdog)
    {
        _reader = reader;
        _settings = settings;
        _stallClock = stallClock;
        _reporter = reporter;
        _watchdog = watchdog;
        _formatter = new MarkdownDigestFormatter(settings);
    }

    /// <summary>The digest of <paramref name="batch"/>; never throws.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="msgUuid">The digest's idempotency key.</param>
    /// <param name="story">What the digest tells across digests (alert memory), or <see langword="null"/>.</param>
    /// <param name="sentBy">Fleet mode: the replica that sends it and whether the fleet coordinates (<see cref="FleetSigner"/>); <see langword="null"/> otherwise.</param>
    /// <param name="abandoned">
    /// The rendering was abandoned and still holds <paramref name="batch"/>: the caller must not use it again.
    /// </param>
    public FormattedDigest Render(DigestBatch<TEvent> batch, string msgUuid, Memory.DigestStory? story, FleetSignature? sentBy, out bool abandoned)
    {
        abandoned = false;

        // Read before the rendering starts: the counts and templates alone, none of the app's objects.
        var summary = batch.Summarize(story);
        if (_hanging is { IsCompleted: false })
        {
            return _formatter.FormatCountsOnly(summary, msgUuid, "could not be rendered (an earlier rendering is still hanging)", sentBy);
        }

        var formatter = _formatter;
        var previous = _watchdog.Enter(LoopActivity.Rendering);
        using var cancelTimer = new CancellationTokenSource();
        try
        {
            // The time limit starts before the rendering does, so it bounds all of it.
            var timer = Delay(cancelTimer.Token);
            var reader = _reader;
            var settings = _settings;
            var rendering = Task.Run(() => formatter.Format(DigestContent.From(batch, reader, settings, story), msgUuid, sentBy));
            Task.WaitAny(rendering, timer);
            if (rendering.IsCompleted)
            {
                // Neither throws: the formatter falls back to the counts itself, the hop to an "unrenderable" example.
                return rendering.GetAwaiter().GetResult();
            }

            _hanging = rendering;
        }
        finally
        {
            cancelTimer.Cancel();
            _watchdog.Enter(previous);
        }

        abandoned = true;
        _formatter = new MarkdownDigestFormatter(_settings);
        _reporter.RenderingAbandoned(TimeLimit);
        return _formatter.FormatCountsOnly(summary, msgUuid, "could not be rendered in time", sentBy);
    }

    private Task Delay(CancellationToken cancellationToken) => TimeProviderCompat.Delay(_stallClock, TimeLimit, cancellationToken);
}
