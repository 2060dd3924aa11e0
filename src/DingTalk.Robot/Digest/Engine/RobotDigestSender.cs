using DingTalk.Robot.Diagnostics;
using DingTalk.Robot.Fleet;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Sends digests with the robot client: signing, the budget shared by every sender to the same robot, errcodes. After
/// each attempt it records the outcome where metrics and health checks read it (tagged with the robot's name): the
/// one place that sees every attempt of a real robot and none of a test's scripted one.
/// </summary>
internal sealed class RobotDigestSender : IDigestSender, IFleetCoordination
{
    private readonly DingTalkRobotClient _client;
    private readonly TimeProvider _time;
    private readonly RobotHealth _health;
    private readonly KeyValuePair<string, object?> _robotTag;

    public RobotDigestSender(DingTalkRobotClient client, TimeProvider? time = null)
    {
        _client = client;
        _time = time ?? TimeProvider.System;
        _health = RobotHealthRegistry.Register(client.RobotName, _time.GetUtcNow());
        _robotTag = new KeyValuePair<string, object?>(DingTalkMetrics.RobotTag, client.RobotName);
    }

    /// <summary>The robot's health, as the last attempt left it.</summary>
    internal RobotHealth Health => _health;

    // One attempt: the loop retries with its own backoff, folding new events meanwhile.
    public async Task<DingTalkSendResult> SendAsync(MarkdownMessage message, CancellationToken cancellationToken)
    {
        var result = await _client.SendAsync(message, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        Record(result);
        return result;
    }

    public TimeSpan WaitBeforeNextSend() => _client.GetWaitBeforeNextSend();

    public string RobotName => _client.RobotName;

    public string Redact(string text) => _client.Redact(text);

    /// <summary>Whether the robot's budget is kept with the fleet now (always, outside fleet mode).</summary>
    public bool IsCoordinated => _client.IsFleetCoordinated;

    public void Dispose()
    {
        RobotHealthRegistry.Unregister(_health);
        _client.Dispose();
    }

    // Only the host: Serilog's and the engine's own diagnostics include it.
    public override string ToString() => _client.ToString();

    private void Record(DingTalkSendResult result)
    {
        var now = _time.GetUtcNow();
        switch (result.Kind)
        {
            case DingTalkFailureKind.None:
                DingTalkMetrics.DigestSent.Add(1, _robotTag);
                _health.Record(RobotHealthState.Healthy, "the last digest was accepted", now);
                break;
            case DingTalkFailureKind.Throttled:
                _health.Record(RobotHealthState.Degraded, "throttled: " + Reason(result), now);
                break;
            case DingTalkFailureKind.Transient:
                DingTalkMetrics.DigestFailed.Add(1, _robotTag);
                _health.Record(RobotHealthState.Degraded, "retrying: " + Reason(result), now);
                break;
            default:
                DingTalkMetrics.DigestFailed.Add(1, _robotTag);
                _health.Record(RobotHealthState.Refused, "refused: " + Reason(result), now);
                break;
        }
    }

    private string Reason(DingTalkSendResult result) => _client.Redact(DingTalkErrorText.Describe(result));
}
