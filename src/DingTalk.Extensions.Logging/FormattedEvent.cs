using DingTalk.Robot.Digest;
using DingTalk.Robot.Digest.Batching;

namespace DingTalk.Extensions.Logging;

/// <summary>An event formatted on the calling thread (a state that could change after the call returns).</summary>
internal sealed class FormattedEvent : PendingEvent
{
    private readonly DigestEvent _event;

    public FormattedEvent(DigestEvent e)
        : base(e.Timestamp, e.Level, e.Source ?? string.Empty, e.Exception)
        => _event = e;

    public override string Template => _event.MessageTemplate;

    protected override DigestEvent Build() => _event;
}
