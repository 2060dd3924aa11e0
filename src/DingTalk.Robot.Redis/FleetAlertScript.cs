namespace DingTalk.Robot.Redis;

/// <summary>
/// The fleet's alert memory as two Lua scripts over one hash per fingerprint, timed by Redis's own <c>TIME</c> (ms):
/// <c>s</c> last seen, <c>n</c> last told in full, <c>l</c>/<c>r</c> the level and rate told, <c>q</c> quiet told,
/// <c>f</c> when the current stretch began (wall-clock ms, for people only). Each key lives for the retention after
/// its last sighting or telling.
/// </summary>
internal static class FleetAlertScript
{
    /// <summary>
    /// KEYS: the fingerprints' hashes, the ones seen first, then each one's set of the replicas that saw it (same order).
    /// ARGV: retention (ms), how many were seen, this log's owner id, how long a claim holds (ms), this replica's name,
    /// how long a sighting counts as recent (ms), then three per seen one: its stretch start (ms), its events since
    /// this replica's last exchange, and the replicas that folded them (newline-separated; empty: this replica). Returns ten values per fingerprint: as they were before this call, the ages of
    /// s and n (ms), l, r, the age of q (ms), f, the age of another owner's live claim (ms) (an empty string for what
    /// is not set); then, this sighting included, how many replicas saw it recently, the latest three names
    /// (newline-separated), and the fleet's events of its stretch (<c>t</c>; a return after a told quiet starts it
    /// again). Marks the seen ones as seen now, and a seen one never told nor claimed as claimed by this owner (field
    /// <c>c</c>: "owner|ms"): of replicas that see a new group at once, one tells it as new, and the others take it as
    /// told unless the claim lapses untold.
    /// </summary>
    public const string Exchange = """
        if redis.replicate_commands then
          redis.replicate_commands()
        end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local retention = tonumber(ARGV[1])
        local seen = tonumber(ARGV[2])
        local owner = ARGV[3]
        local claimFor = tonumber(ARGV[4])
        local replica = ARGV[5]
        local recentFor = tonumber(ARGV[6])
        local count = #KEYS / 2
        local out = {}
        for i = 1, count do
          local key = KEYS[i]
          local replicas = KEYS[count + i]
          local v = redis.call('HMGET', key, 's', 'n', 'l', 'r', 'q', 'f', 'c')
          for j = 1, 6 do
            local x = v[j]
            if not x then
              out[#out + 1] = ''
            elseif j == 1 or j == 2 or j == 5 then
              out[#out + 1] = tostring(now - tonumber(x))
            else
              out[#out + 1] = x
            end
          end
          local claimedAgo = ''
          local claimLive = false
          if v[7] then
            local bar = string.find(v[7], '|', 1, true)
            local age = now - tonumber(string.sub(v[7], bar + 1))
            claimLive = age < claimFor
            if claimLive and string.sub(v[7], 1, bar - 1) ~= owner then
              claimedAgo = tostring(age)
            end
          end
          out[#out + 1] = claimedAgo
          if i <= seen then
            local since = ARGV[4 + 3 * i]
            if v[5] and (not v[1] or tonumber(v[5]) >= tonumber(v[1])) then
              -- Back after a told quiet: a new stretch, counted from here.
              redis.call('HSET', key, 't', 0, 'f', since)
            elseif not v[6] then
              redis.call('HSET', key, 'f', since)
            end
            redis.call('HINCRBY', key, 't', ARGV[5 + 3 * i])
            redis.call('HSET', key, 's', now)
            if not v[2] and not claimLive then
              redis.call('HSET', key, 'c', owner .. '|' .. now)
            end
            redis.call('PEXPIRE', key, retention)
            -- The replicas that folded it: this one, or those the fleet's digest relayed it from (newline-separated).
            local names = ARGV[6 + 3 * i]
            if names == '' then
              redis.call('ZADD', replicas, now, replica)
            else
              for name in string.gmatch(names, '[^\n]+') do
                redis.call('ZADD', replicas, now, name)
              end
            end
            redis.call('PEXPIRE', replicas, retention)
          end
          redis.call('ZREMRANGEBYSCORE', replicas, '-inf', now - recentFor)
          out[#out + 1] = tostring(redis.call('ZCARD', replicas))
          out[#out + 1] = table.concat(redis.call('ZREVRANGE', replicas, 0, 2), '\n')
          out[#out + 1] = redis.call('HGET', key, 't') or ''
        end
        return out
        """;

    /// <summary>
    /// KEYS: the fingerprints' hashes. ARGV: retention (ms), then five per key: <c>q</c> (quiet) or <c>n</c> (told in
    /// full), level, rate, the stretch's start (ms) or an empty string to keep it, and how long ago it was told (ms).
    /// </summary>
    public const string Told = """
        if redis.replicate_commands then
          redis.replicate_commands()
        end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local retention = tonumber(ARGV[1])
        for i, key in ipairs(KEYS) do
          local b = 1 + (i - 1) * 5
          local at = now - tonumber(ARGV[b + 5])
          if ARGV[b + 1] == 'q' then
            redis.call('HSET', key, 'q', at)
          else
            -- Never older over newer: a telling written back at its age yields to one made since.
            local told = redis.call('HGET', key, 'n')
            if not told or tonumber(told) < at then
              redis.call('HSET', key, 'n', at, 'l', ARGV[b + 2], 'r', ARGV[b + 3])
            end
            if ARGV[b + 4] ~= '' then
              redis.call('HSET', key, 'f', ARGV[b + 4])
            end
          end
          redis.call('PEXPIRE', key, retention)
        end
        return #KEYS
        """;
}
