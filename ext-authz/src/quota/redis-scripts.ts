// The Lua scripts of the Redis quota store. Each runs atomically in Redis, so concurrent
// checks from any number of replicas see one consistent budget: of 50 simultaneous
// requests against a budget of 10, exactly 10 are admitted. Time is Redis' own clock
// (TIME), so replicas agree on the window whatever their clocks say; tests may pass a time.
// The admission test is window.ts's `fits`, in Lua.

/** Shared prologue: the time (ARGV[2], or TIME), the window and the subject's rolled counters (KEYS[1]). */
const LOAD_STATE = `
local W = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local i = math.floor(now / W)
local e = now - i * W
local h = redis.call('HMGET', KEYS[1], 'w', 'rc', 'rp', 'tc', 'tp')
local w = tonumber(h[1]) or i
local rc, rp, tc, tp = tonumber(h[2]) or 0, tonumber(h[3]) or 0, tonumber(h[4]) or 0, tonumber(h[5]) or 0
if w ~= i then
  if w == i - 1 then rp, tp = rc, tc else rp, tp = 0, 0 end
  rc, tc = 0, 0
end
`;

/**
 * Reserve: KEYS[1] the subject's counters, KEYS[2] the reservation.
 * ARGV: window ms, now ms or '', request limit, token limit (0: off), token cost,
 * reservation TTL ms, subject. Returns {admitted 0|1, now, rc, rp, tc, tp} (after admission).
 */
export const RESERVE_LUA = `${LOAD_STATE}
local reqLimit, tokLimit, cost = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local ok = rp * (W - e) + (rc + 1) * W <= reqLimit * W
if ok and tokLimit > 0 then ok = tp * (W - e) + (tc + cost) * W <= tokLimit * W end
if not ok then return {0, now, rc, rp, tc, tp} end
rc, tc = rc + 1, tc + cost
redis.call('HSET', KEYS[1], 'w', i, 'rc', rc, 'rp', rp, 'tc', tc, 'tp', tp)
redis.call('PEXPIRE', KEYS[1], 2 * W)
redis.call('SET', KEYS[2], string.format('%d:%d:', i, cost) .. ARGV[7], 'PX', ARGV[6])
return {1, now, rc, rp, tc, tp}
`;

/** Claim: KEYS[1] the reservation; returns its value and deletes it, so only one report settles it. */
export const CLAIM_LUA = `
local v = redis.call('GET', KEYS[1])
if v then redis.call('DEL', KEYS[1]) end
return v
`;

/**
 * Adjust: KEYS[1] the subject's counters. ARGV: window ms, now ms or '', the reservation's
 * window, token delta. Applies the delta to that window if it still counts; returns 1, else 0.
 */
export const ADJUST_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
${LOAD_STATE}
local rw, delta = tonumber(ARGV[3]), tonumber(ARGV[4])
if rw == i then tc = math.max(0, tc + delta)
elseif rw == i - 1 then tp = math.max(0, tp + delta)
else return 0 end
redis.call('HSET', KEYS[1], 'w', i, 'rc', rc, 'rp', rp, 'tc', tc, 'tp', tp)
redis.call('PEXPIRE', KEYS[1], 2 * W)
return 1
`;
