namespace DingTalk.Robot.Testing.Internal;

/// <summary>
/// Everything the emulated robot remembers — the fault queue, the throttle, the rate window, the msgUuids accepted —
/// and everything it records. One lock guards it all, so each request's decision and record are atomic.
/// </summary>
internal sealed class RobotState(RobotEmulatorOptions options)
{
    private static readonly TimeSpan RateWindowLength = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly Queue<RobotFault> _faults = new();
    private readonly RollingWindow _rateWindow = new(RateWindowLength);
    private readonly HashSet<string> _acceptedMsgUuids = new(StringComparer.Ordinal);
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<ReceivedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Completion)> _waiters = [];
    private DateTimeOffset _throttledUntil = DateTimeOffset.MinValue;

    public IReadOnlyList<ReceivedMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return _messages.ToArray();
            }
        }
    }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public DateTimeOffset? ThrottledUntil
    {
        get
        {
            lock (_gate)
            {
                return options.TimeProvider.GetUtcNow() < _throttledUntil ? _throttledUntil : null;
            }
        }
    }

    /// <summary>How many injected faults are still waiting for a request.</summary>
    public int QueuedFaultCount
    {
        get
        {
            lock (_gate)
            {
                return _faults.Count;
            }
        }
    }

    public void EnqueueFault(RobotFault fault, int count)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public RobotFault? TryDequeueFault()
    {
        lock (_gate)
        {
            return _faults.TryDequeue(out var fault) ? fault : null;
        }
    }

    public void Record(ReceivedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    /// <summary>
    /// Decides a request that reached DingTalk's checks (steps 2 to 11 of the contract), records it, and returns the
    /// answer and, when accepted, the message.
    /// </summary>
    public (Answer Answer, ReceivedMessage? Accepted) Decide(IncomingRequest request, string? fault)
    {
        lock (_gate)
        {
            var now = options.TimeProvider.GetUtcNow();
            var duplicate = false;
            ReceivedMessage? accepted = null;
            Answer answer;
            if (!RequestValidator.HasValidToken(request, options))
            {
                answer = Answer.TokenNotExist;
            }
            else if (now < _throttledUntil)
            {
                answer = Answer.Throttled(options.MessagesPerMinute);
            }
            else if (!RequestValidator.TryValidate(request, options, now, out var content, out answer))
            {
                // answer is the rejection.
            }
            else if (request.MsgUuid is { } msgUuid && _acceptedMsgUuids.Contains(msgUuid))
            {
                duplicate = true;
                answer = Answer.Ok;
            }
            else if (_rateWindow.Count(now) >= options.MessagesPerMinute)
            {
                _throttledUntil = now + options.ThrottlePenalty;
                answer = Answer.Throttled(options.MessagesPerMinute);
            }
            else
            {
                accepted = new ReceivedMessage(now, request.BodyText!, request.BodyBytes, request.Root!.Value, request.MsgUuid, content);
                Accept(accepted);
                answer = Answer.Ok;
            }

            _requests.Add(request.ToRecord(200, answer, fault, duplicate));
            return (answer, accepted);
        }
    }

    /// <summary>A task that completes once at least <paramref name="count"/> messages are recorded.</summary>
    public Task WhenMessageCount(int count)
    {
        lock (_gate)
        {
            if (_messages.Count >= count)
            {
                return Task.CompletedTask;
            }

            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, completion));
            return completion.Task;
        }
    }

    /// <summary>Stops waiting for a count (after a timeout).</summary>
    public void RemoveWaiter(Task waiter)
    {
        lock (_gate)
        {
            _waiters.RemoveAll(w => w.Completion.Task == waiter);
        }
    }

    /// <summary>Fails every pending wait (the emulator is disposed).</summary>
    public void FailWaiters(Exception exception)
    {
        lock (_gate)
        {
            foreach (var (_, completion) in _waiters)
            {
                completion.TrySetException(exception);
            }

            _waiters.Clear();
        }
    }

    public int MaxMessagesInAnyRollingMinute()
    {
        lock (_gate)
        {
            return RollingWindow.MaxInAnyWindow(_messages.Select(m => m.ReceivedAt), RateWindowLength);
        }
    }

    /// <summary>Forgets the recorded messages and requests; the robot's own state is kept.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _requests.Clear();
        }
    }

    private void Accept(ReceivedMessage message)
    {
        _rateWindow.Add(message.ReceivedAt);
        if (message.MsgUuid is { } msgUuid)
        {
            _acceptedMsgUuids.Add(msgUuid);
        }

        _messages.Add(message);
        foreach (var (count, completion) in _waiters)
        {
            if (count <= _messages.Count)
            {
                completion.TrySetResult();
            }
        }

        _waiters.RemoveAll(waiter => waiter.Completion.Task.IsCompleted);
    }
}
