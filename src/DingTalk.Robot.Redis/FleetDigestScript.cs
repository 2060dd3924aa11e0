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

    /// <summary>
    /// KEYS: lease, stream, cursor, held. ARGV: token, lease (ms), what the caller holds untold, the most deltas to take,
    /// the keys' TTL (ms). Takes the lease when free (returning what the previous holder held untold, by its token) or
    /// renews the caller's; then takes the deltas after the cursor and moves the cursor (and trims the stream) past them.
    /// Returns { 0 } when another replica holds the lease; else { 2 when the lease was taken now, 1 when renewed,
    /// previous holder's token or '', its events untold, then id, delta, id, delta, … }.
    /// </summary>
    public const string Take = """
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
        local cursor = redis.call('GET', KEYS[3]) or '0-0'
        local entries = redis.call('XRANGE', KEYS[2], '(' .. cursor, '+', 'COUNT', ARGV[4])
        local out = { acquired and 2 or 1, lostFrom, lost }
        local taken = 0
        for i = 1, #entries do
          local id = entries[i][1]
          local fields = entries[i][2]
          local delta = ''
          for j = 1, #fields, 2 do
            if fields[j] == 'd' then delta = fields[j + 1] end
            if fields[j] == 'n' then taken = taken + (tonumber(fields[j + 1]) or 0) end
          end
          out[#out + 1] = id
          out[#out + 1] = delta
        end
        if #entries > 0 then
          local last = entries[#entries][1]
          redis.call('SET', KEYS[3], last, 'PX', ARGV[5])
          redis.call('XTRIM', KEYS[2], 'MINID', last)
          redis.call('XDEL', KEYS[2], last)
        end
        redis.call('SET', KEYS[4], ARGV[1] .. '|' .. tostring(tonumber(ARGV[3]) + taken), 'PX', ARGV[5])
        return out
        """;

    /// <summary>
    /// KEYS: lease, held. ARGV: token, what it holds untold, the keys' TTL (ms). Records what the holder holds untold
    /// after a digest was delivered, if it still holds the lease, so that a kill right after it loses nothing on paper.
    /// </summary>
    public const string Hold = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('SET', KEYS[2], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;

    /// <summary>
    /// KEYS: lease, held. ARGV: token, what it holds untold, the keys' TTL (ms). Lets the lease go if the caller holds it,
    /// recording what it leaves untold for the next holder to count. Returns 1 when it held the lease.
    /// </summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          redis.call('SET', KEYS[2], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
          return 1
        end
        return 0
        """;
}
