using System.Runtime.CompilerServices;

namespace DingTalk.Robot.Digest.Engine;

/// <summary>
/// Counts, on the application's thread, the events a full queue refused, per (template, level): a small fixed table of
/// templates, each with a count per level, so the digest loop can add them to their template's group ("ERROR ×1,000,000")
/// instead of "N events dropped". What cannot be placed (no template, a collision, a full table) is counted per level.
/// Lock-free, allocation-free and bounded: a few reads and one increment per refused event, a plain one in the
/// thread's own lane (<see cref="DropTallyLanes"/>).
/// </summary>
/// <remarks>
/// <para>
/// A template's home slot comes from its length and five of its characters (no hashing of the whole string), and it
/// is looked up by reference first, as the fold's last-template shortcut is: a logging library hands out the same
/// string for every event of a template (Serilog's <c>MessageTemplate.Text</c>, MEL's format string). A string of the
/// same text that is another instance (a message built per call) is recognised by its sample hash and an ordinal
/// comparison, so it does not take a slot of its own. A template is looked for in <see cref="ProbeLength"/> slots from
/// its home; if none holds it and none is free, the event is counted per level.
/// </para>
/// <para>
/// Every count exists once per lane: a thread that owns a lane adds to its own copy with a plain write (one writer, so
/// nothing is lost, and no cache line moves between cores in a flood); the others share lane 0 with atomic increments.
/// No count is ever reset: the reader sums a count's lanes and takes the difference from what it took before, so a
/// writer and the reader never write the same memory.
/// </para>
/// <para>
/// Writers only ever claim a free slot (a compare-and-swap from <see langword="null"/>) and increment its counts; they
/// never undo. The reader (the digest loop) takes the counts and frees a slot that stayed empty for
/// <see cref="IdleTakesBeforeRelease"/> takes, so the table follows the templates of the current flood, and remembers
/// whose slot it freed: a writer that found its template just before the slot was freed increments it just after, and
/// the reader takes that count under the template it freed. So the totals are exact, always. (Only a writer stopped
/// between its look and its increment while the slot is freed and claimed by another template puts its one event in
/// that template's group, at its own level.)
/// </para>
/// </remarks>
internal sealed class DropTally
{
    /// <summary>The table's default number of templates.</summary>
    public const int DefaultSlots = 64;

    /// <summary>How many slots from its home a template is looked for in (or claims).</summary>
    public const int ProbeLength = 4;

    /// <summary>How many takes in a row must find a slot empty before the reader frees it for another template.</summary>
    public const int IdleTakesBeforeRelease = 4;

    private const int Levels = DigestLevelText.Count;

    // Between two lanes' counts, so that the last counts of one and the first of the next are not on one cache line.
    private const int LanePadding = 8;
    private static readonly bool WholeLongReads = IntPtr.Size == 8;

    // Read on every refused event, written only when a slot is claimed or freed: the lines stay shared between cores.
    private readonly string?[] _keys;
    private readonly int[] _hashes;

    // Written by every refused event: per lane, a count per slot and level, then the row of per-level counts.
    private readonly long[] _counts;
    private readonly int _laneLength;
    private readonly int _unattributedRow;

    // The reader's alone (one reader at a time: _take): per slot and level, the sum of the lanes it took last.
    private readonly object _take = new();
    private readonly long[] _taken;
    private readonly byte[] _idleTakes;
    private readonly string?[] _freedKeys;
    private readonly int _mask;
    private readonly int _shift;

    /// <param name="slots">The number of templates the table holds at once: a power of two (tests use tiny tables).</param>
    public DropTally(int slots = DefaultSlots)
    {
        if (slots < 1 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "A power of two.");
        }

        _keys = new string?[slots];
        _hashes = new int[slots];
        _unattributedRow = slots;
        _laneLength = ((slots + 1) * Levels) + LanePadding;
        _counts = new long[DropTallyLanes.Count * _laneLength];
        _taken = new long[(slots + 1) * Levels];
        _idleTakes = new byte[slots];
        _freedKeys = new string?[slots];
        _mask = slots - 1;
        _shift = 32 - Log2(slots);
    }

    /// <summary>The number of slots.</summary>
    public int Slots => _keys.Length;

    /// <summary>
    /// Counts one refused event of <paramref name="template"/> at <paramref name="level"/>; with no template, or no
    /// slot for it, per level. Never blocks or throws; allocates nothing but, once per thread, the lease of its lane (<see cref="DropTallyLanes"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(string? template, DigestLevel level)
    {
        var levelIndex = DigestLevelText.Index(level);
        if (template is not null)
        {
            // The usual case, kept small enough to inline into the caller: the template holds its home slot. Only a
            // template seen there by reference is counted here; anything else takes the probe below.
            var home = HomeSlot(template);
            if (ReferenceEquals(Volatile.Read(ref _keys[home]), template))
            {
                Add(home, levelIndex);
                return;
            }

            if (TryCountAttributed(template, home, levelIndex))
            {
                return;
            }
        }

        Add(_unattributedRow, levelIndex);
    }

    /// <summary>
    /// For the reader: hands every count taken since the last call to <paramref name="receiver"/> (attributed ones
    /// with their template; then the unattributed ones, per level), and frees the slots that stayed empty.
    /// </summary>
    public void Take<TReceiver>(ref TReceiver receiver)
        where TReceiver : struct, IDropTallyReceiver
    {
        // One taker at a time (the loop, or a stop): each sums the lanes against what was taken before, so two at once
        // would take the same events twice.
        lock (_take)
        {
            TakeCounts(ref receiver, release: true);
        }
    }

    /// <summary>Takes every count, attributed or not, as one number (for a stop that can only count what is left).</summary>
    public long TakeAll()
    {
        // Frees no slot: a stop may call it while a stuck loop is between two takes of its own.
        var total = new TotalReceiver();
        lock (_take)
        {
            TakeCounts(ref total, release: false);
        }

        return total.Events;
    }

    // The usual case's increment, inlined into Count: a plain one in the thread's own lane, an atomic one in lane 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(int row, int levelIndex)
    {
        var lane = DropTallyLanes.Current;
        ref var count = ref _counts[(lane * _laneLength) + (row * Levels) + levelIndex];
        if (lane != 0)
        {
            count++;
        }
        else
        {
            Interlocked.Increment(ref count);
        }
    }

    private void TakeCounts<TReceiver>(ref TReceiver receiver, bool release)
        where TReceiver : struct, IDropTallyReceiver
    {
        var lanes = DropTallyLanes.HighestClaimed + 1;
        for (var slot = 0; slot < _keys.Length; slot++)
        {
            // Only the reader frees a slot, so a key seen here stays until this take is done. A freed slot is still
            // taken: a writer that looked just before the free counts in it just after, under the template freed.
            var key = Volatile.Read(ref _keys[slot]);
            if (key is not null && release)
            {
                _freedKeys[slot] = null;
            }

            var owner = key ?? _freedKeys[slot];
            if (owner is null)
            {
                continue;
            }

            var any = false;
            for (var level = 0; level < Levels; level++)
            {
                var taken = TakeNew(slot, level, lanes);
                if (taken > 0)
                {
                    any = true;
                    receiver.Attributed(owner, (DigestLevel)level, taken);
                }
            }

            if (release && key is not null)
            {
                ReleaseIfIdle(slot, key, any);
            }
        }

        for (var level = 0; level < Levels; level++)
        {
            var taken = TakeNew(_unattributedRow, level, lanes);
            if (taken > 0)
            {
                receiver.Unattributed((DigestLevel)level, taken);
            }
        }
    }

    // A count's lanes summed, less what earlier takes took: the writers' counts only grow, and are never written here.
    private long TakeNew(int row, int level, int lanes)
    {
        var cell = (row * Levels) + level;
        long sum = 0;
        for (var lane = 0; lane < lanes; lane++)
        {
            ref var count = ref _counts[(lane * _laneLength) + cell];
            sum += WholeLongReads ? Volatile.Read(ref count) : Interlocked.Read(ref count);
        }

        var taken = sum - _taken[cell];
        _taken[cell] = sum;
        return taken;
    }

    /// <summary>The slot a template is first looked for in (for tests that need a collision).</summary>
    internal int HomeSlot(string template) => (int)((uint)SampleHash(template) * 0x9E3779B1u >> _shift) & _mask;

    // Length and five characters: enough to spread a few dozen templates, and the same for two instances of one text.
    // It is ((((n·31 + c0)·31 + c1)·31 + c2)·31 + c3)·31 + c4, written out as a sum so that the products do not wait for
    // each other (the same value, modulo 2³²).
    private static int SampleHash(string s)
    {
        var n = s.Length;
        if (n == 0)
        {
            return 0;
        }

        unchecked
        {
            return (n * 28_629_151) + (s[0] * 923_521) + (s[n >> 2] * 29_791) + (s[n >> 1] * 961) + (s[n - 1 - (n >> 2)] * 31) + s[n - 1];
        }
    }

    private static int Log2(int powerOfTwo)
    {
        var bits = 0;
        while ((1 << bits) < powerOfTwo)
        {
            bits++;
        }

        return bits;
    }

    // Out of line: a template away from its home slot, another instance of its text, or a slot to claim.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryCountAttributed(string template, int home, int levelIndex)
    {
        var hash = SampleHash(template);
        var slot = home;
        for (var probe = 0; probe < ProbeLength && probe <= _mask; probe++, slot = (slot + 1) & _mask)
        {
            var key = Volatile.Read(ref _keys[slot]);
            if (key is null)
            {
                key = Interlocked.CompareExchange(ref _keys[slot], template, null);
                if (key is null)
                {
                    // Claimed. The hash only narrows the ordinal comparison below: until it is written, another
                    // instance of this text may claim a slot of its own, which folds into the same group anyway.
                    Volatile.Write(ref _hashes[slot], hash);
                    key = template;
                }
            }

            if (ReferenceEquals(key, template)
                || (Volatile.Read(ref _hashes[slot]) == hash && string.Equals(key, template, StringComparison.Ordinal)))
            {
                Add(slot, levelIndex);
                return true;
            }
        }

        return false;
    }

    private void ReleaseIfIdle(int slot, string key, bool taken)
    {
        if (taken)
        {
            _idleTakes[slot] = 0;
            return;
        }

        if (++_idleTakes[slot] < IdleTakesBeforeRelease)
        {
            return;
        }

        _idleTakes[slot] = 0;
        _freedKeys[slot] = key;
        Volatile.Write(ref _keys[slot], null);
    }

    private struct TotalReceiver : IDropTallyReceiver
    {
        public long Events;

        public void Attributed(string template, DigestLevel level, long count) => Events += count;

        public void Unattributed(DigestLevel level, long count) => Events += count;
    }
}
