namespace DingTalk.Robot.Redis;

/// <summary>
/// The fleet's one digest as three Lua scripts over one robot's keys: a stream of the replicas' deltas, the fleet's
/// cursor in it, the sender lease and what its holder holds untold. Each delta is taken once: the holder moves the
/// cursor past what it takes in the same script that checks its lease, so a hand-over never sends a delta twice.
/// </summary>
internal static class FleetDigestScript
{
    /// <summary>
    /// KEYS: stream. ARGV: the delta (JSON), its events, the most deltas the stream may hold untaken, the stream's TTL (ms).
    /// Returns the delta's id, or an empty string when the stream is full (nobody has taken for a long while): the
    /// replica then sends its own digest, so nothing waits in Redis unbounded.
    /// </summary>
    public const string Publish = """
        if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[3]) then
          return ''
        end
        local id = redis.call('XADD', KEYS[1], '*', 'd', ARGV[1], 'n', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return id
        """;

    // Stream ids ("ms-seq") compared as numbers: milliseconds fit a Lua number exactly.
    private const string Newer = """
        local function newer(a, b)
          local am, as = string.match(a, '^(%d+)-(%d+)$')
          local bm, bs = string.match(b, '^(%d+)-(%d+)$')
          if not am or not bm then return false end
          am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
          return am > bm or (am == bm and as > bs)
        end
        """;

    // KEYS[3] cursor, KEYS[2] stream; ARGV[ack] the last id the holder folded, ARGV[ttl]: the cursor moves up to it and
    // what it passed is deleted. Only a holder calls it, so what the fleet engine folded leaves the stream exactly once.
    private const string Acknowledge = """
        local function acknowledge(stream, cursorKey, acked, ttl)
          local cursor = redis.call('GET', cursorKey) or '0-0'
          if acked ~= '' and newer(acked, cursor) then
            cursor = acked
            redis.call('SET', cursorKey, cursor, 'PX', ttl)
            redis.call('XTRIM', stream, 'MINID', cursor)
            redis.call('XDEL', stream, cursor)
          end
          return cursor
        end
        """;

    /// <summary>
    /// KEYS: lease, stream, cursor, held. ARGV: token, lease (ms), what the caller holds untold (folded and acknowledged,
    /// not yet delivered), the most deltas to take, the keys' TTL (ms), the last id the caller folded (or ''). Takes the
    /// lease when free (returning what the previous holder held untold, by its token) or renews the caller's;
    /// acknowledges what the caller folded (the cursor moves past it: only now, so a take whose answer was lost, or a
    /// holder that died before its next call, leaves those deltas to be taken again); then returns the deltas after the
    /// cursor. Returns { 0 } when another replica holds the lease; else { 2 when the lease was taken now, 1 when renewed,
    /// previous holder's token or '', its events untold, then id, delta, id, delta, … }.
    /// </summary>
    public const string Take = Newer + "\n" + Acknowledge + "\n" + """
        local holder = redis.call('GET', KEYS[1])
        local lostFrom = ''
        local lost = 0
        local acquired = false
        if not holder then
          acquired = true
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          local prev = redis.call('GET', KEYS[4])
          if prev then
            local bar = string.find(prev, '|', 1, true)
            if bar and string.sub(prev, 1, bar - 1) ~= ARGV[1] then
              lostFrom = string.sub(prev, 1, bar - 1)
              lost = tonumber(string.sub(prev, bar + 1)) or 0
            end
          end
        elseif holder ~= ARGV[1] then
          return { 0 }
        else
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        local cursor = acknowledge(KEYS[2], KEYS[3], ARGV[6], ARGV[5])
        local entries = redis.call('XRANGE', KEYS[2], '(' .. cursor, '+', 'COUNT', ARGV[4])
        local out = { acquired and 2 or 1, lostFrom, lost }
        for i = 1, #entries do
          local fields = entries[i][2]
          local delta = ''
          for j = 1, #fields, 2 do
            if fields[j] == 'd' then delta = fields[j + 1] end
          end
          out[#out + 1] = entries[i][1]
          out[#out + 1] = delta
        end
        redis.call('SET', KEYS[4], ARGV[1] .. '|' .. ARGV[3], 'PX', ARGV[5])
        return out
        """;

    /// <summary>
    /// KEYS: lease, held, stream, cursor. ARGV: token, what it holds untold, the keys' TTL (ms), the last id it folded.
    /// After a delivered digest: acknowledges what the holder folded and records what it still holds untold, if it
    /// still holds the lease, so that a kill right after it neither loses nor repeats anything on paper.
    /// </summary>
    public const string Hold = Newer + "\n" + Acknowledge + "\n" + """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          acknowledge(KEYS[3], KEYS[4], ARGV[4], ARGV[3])
          redis.call('SET', KEYS[2], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    /// <summary>
    /// KEYS: lease, held, stream, cursor. ARGV: token, what it holds untold, the keys' TTL (ms), the last id it folded.
    /// Lets the lease go if the caller holds it, acknowledging what it folded and recording what it leaves untold for
    /// the next holder to count. Returns 1 when it held the lease.
    /// </summary>
    public const string Release = Newer + "\n" + Acknowledge + "\n" + """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          acknowledge(KEYS[3], KEYS[4], ARGV[4], ARGV[3])
          redis.call('DEL', KEYS[1])
          redis.call('SET', KEYS[2], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;
}
