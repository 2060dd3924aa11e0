namespace DingTalk.Robot.Digest.Batching;

/// <summary>
/// What a batch reports beside its groups because it never reached them: events dropped before the batch (by reason,
/// and the full queue's by level when no template could take them) and earlier digests given up after their retries
/// (the first few word for word, the rest tallied by outcome). Not thread-safe: the digest loop is its only user.
/// </summary>
internal sealed class BatchLosses
{
    private readonly long[] _dropped = new long[2];
    private readonly long[] _droppedQueueFullLevels = new long[DigestLevelText.Count];
    private readonly List<UndeliveredNote> _undelivered = new();
    private readonly int _maxNotes;
    private UndeliveredTally _moreFailed;
    private UndeliveredTally _moreOutcomeUnknown;

    /// <param name="maxNotes">How many undelivered digests are kept word for word.</param>
    public BatchLosses(int maxNotes) => _maxNotes = Math.Max(0, maxNotes);

    /// <summary>Whether there is any loss to report: a digest goes out for it even when nothing else is new.</summary>
    public bool Any => Dropped > 0 || UndeliveredDigests > 0;

    /// <summary>Events dropped before they reached the batch, whatever the reason.</summary>
    public long Dropped => Saturating.Add(_dropped[(int)DropReason.QueueFull], _dropped[(int)DropReason.Closing]);

    /// <summary>Earlier digests given up after their retries.</summary>
    public long UndeliveredDigests { get; private set; }

    /// <summary>The events those digests carried.</summary>
    public long UndeliveredEvents { get; private set; }

    /// <summary>The first few undelivered digests, word for word.</summary>
    public IReadOnlyList<UndeliveredNote> UndeliveredNotes => _undelivered;

    /// <summary>Events dropped for <paramref name="reason"/>.</summary>
    public long DroppedFor(DropReason reason) => _dropped[(int)reason];

    /// <summary>Undelivered digests beyond <see cref="UndeliveredNotes"/>, by outcome.</summary>
    public UndeliveredTally UndeliveredBeyondNotes(bool outcomeUnknown) => outcomeUnknown ? _moreOutcomeUnknown : _moreFailed;

    /// <summary>Counts events dropped before they reached the batch.</summary>
    public void AddDropped(long count, DropReason reason)
    {
        if (count > 0)
        {
            var index = reason == DropReason.Closing ? (int)DropReason.Closing : (int)DropReason.QueueFull;
            _dropped[index] = Saturating.Add(_dropped[index], count);
        }
    }

    /// <summary>Counts events of <paramref name="level"/> the full queue refused that no template could take.</summary>
    public void AddDropped(DigestLevel level, long count)
    {
        if (count > 0)
        {
            AddDropped(count, DropReason.QueueFull);
            var index = DigestLevelText.Index(level);
            _droppedQueueFullLevels[index] = Saturating.Add(_droppedQueueFullLevels[index], count);
        }
    }

    /// <summary>Notes an earlier digest that was given up.</summary>
    /// <param name="events">The events it carried.</param>
    /// <param name="reason">Why, free of secrets.</param>
    /// <param name="outcomeUnknown">Its last attempt got no answer: it may have been delivered after all.</param>
    public void AddUndelivered(long events, string reason, bool outcomeUnknown)
    {
        events = Math.Max(0, events);
        UndeliveredDigests++;
        UndeliveredEvents = Saturating.Add(UndeliveredEvents, events);
        if (_undelivered.Count < _maxNotes)
        {
            _undelivered.Add(new UndeliveredNote(events, reason ?? string.Empty, outcomeUnknown));
        }
        else if (outcomeUnknown)
        {
            _moreOutcomeUnknown = _moreOutcomeUnknown.Plus(events);
        }
        else
        {
            _moreFailed = _moreFailed.Plus(events);
        }
    }

    /// <summary>The queue-full drops per level, copied.</summary>
    public long[] CopyDroppedQueueFullLevels() => (long[])_droppedQueueFullLevels.Clone();

    /// <summary>Forgets everything, keeping the allocated capacity.</summary>
    public void Clear()
    {
        _undelivered.Clear();
        Array.Clear(_dropped, 0, _dropped.Length);
        Array.Clear(_droppedQueueFullLevels, 0, _droppedQueueFullLevels.Length);
        UndeliveredDigests = 0;
        UndeliveredEvents = 0;
        _moreFailed = default;
        _moreOutcomeUnknown = default;
    }
}
