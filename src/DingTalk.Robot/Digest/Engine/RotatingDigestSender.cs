using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Sends a robot group's digests across several webhooks (robots added to the same DingTalk group), each its own
/// <see cref="RobotDigestSender"/> with its own client, and so its own budget and throttle state (fleet-wide too when
/// the budget is shared across instances: the rotation sits above the budget, not in it). Each digest goes to the
/// webhook whose budget allows a send soonest, ties taken in turn, so a throttled robot is skipped while another can
/// send, and the group carries every robot's budget.
/// </summary>
internal sealed class RotatingDigestSender : IDigestSender, IFleetCoordination
{
    private readonly RobotDigestSender[] _senders;

    // The webhook that sent last: ties start after it, so equal budgets are used in turn. The loop is the only caller.
    private int _last = -1;

    public RotatingDigestSender(IReadOnlyList<RobotDigestSender> senders)
    {
        if (senders.Count < 2)
        {
            throw new ArgumentException("A rotation needs at least two webhooks.", nameof(senders));
        }

        _senders = senders.ToArray();
    }

    /// <summary>The webhooks' senders, in the order they were configured (for tests).</summary>
    internal IReadOnlyList<RobotDigestSender> Senders => _senders;

    /// <summary>One attempt, to the webhook that can send soonest; the loop retries (then perhaps on another).</summary>
    public Task<DingTalkSendResult> SendAsync(MarkdownMessage message, CancellationToken cancellationToken)
    {
        var next = Soonest(out _);
        _last = next;
        return _senders[next].SendAsync(message, cancellationToken);
    }

    /// <summary>The least wait over the webhooks: the group can send as soon as any one of them can.</summary>
    public TimeSpan WaitBeforeNextSend()
    {
        Soonest(out var wait);
        return wait;
    }

    /// <summary>The group's name: its first webhook's (the further ones are <c>name-2</c>… in the per-request metrics).</summary>
    public string RobotName => _senders[0].RobotName;

    /// <summary>Whether every webhook's budget is kept with the fleet now: the next digest may go to any of them.</summary>
    public bool IsCoordinated => _senders.All(sender => sender.IsCoordinated);

    /// <summary>Every webhook's secrets removed (each robot has its own token and secret).</summary>
    public string Redact(string text)
    {
        foreach (var sender in _senders)
        {
            text = sender.Redact(text);
        }

        return text;
    }

    public void Dispose()
    {
        foreach (var sender in _senders)
        {
            sender.Dispose();
        }
    }

    // Only the hosts: diagnostics include it.
    public override string ToString() => $"{_senders[0]} and {_senders.Length - 1} more in rotation";

    private int Soonest(out TimeSpan wait)
    {
        var best = -1;
        wait = TimeSpan.MaxValue;
        for (var i = 1; i <= _senders.Length; i++)
        {
            var index = (_last + i) % _senders.Length;
            if (index < 0)
            {
                index += _senders.Length;
            }

            var candidate = _senders[index].WaitBeforeNextSend();
            if (candidate < wait)
            {
                wait = candidate;
                best = index;
                if (candidate <= TimeSpan.Zero)
                {
                    break;
                }
            }
        }

        return best;
    }
}
