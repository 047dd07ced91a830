-- Arena's traffic splitting inside HAProxy 2.6 (Lua 5.3).
--
-- Loaded with `lua-load` after the settings file written by `arena proxy`, which
-- defines the global ARENA_SETTINGS. The routing table is pushed by `arena proxy`
-- over the admin service (PUT /arena/table) whenever Arena's SDK stream announces
-- a change: no reload, no dropped connection. Telemetry is folded here into
-- 10-second windows per version (counts, errors, latency sketch bins) and taken
-- by `arena proxy` through POST /arena/drain, which ships it to Arena.
--
-- The hash and the slot lookup are the algorithm of src/core/assignment (see
-- docs/assignment.md); bucket ranges and shadow thresholds are computed by the
-- same TypeScript code and pushed as integers, so the proxy only hashes and compares.

local S = ARENA_SETTINGS
local MASK = 0xffffffff
local FNV_OFFSET = 0x811c9dc5
local FNV_PRIME = 0x01000193

-- ---- assignment (hash version 1) --------------------------------------------

local byte = string.byte

-- FNV-1a over the bytes of s, continuing state h. Four bytes per string.byte call: the C
-- call, not the arithmetic, is what a byte costs here. (h ~ b) < 2^32 and the prime < 2^25,
-- so every product fits Lua's 64-bit integers before the mask.
local function fnv(h, s)
  local n = #s
  local i = 1
  while i + 3 <= n do
    local a, b, c, d = byte(s, i, i + 3)
    h = ((h ~ a) * FNV_PRIME) & MASK
    h = ((h ~ b) * FNV_PRIME) & MASK
    h = ((h ~ c) * FNV_PRIME) & MASK
    h = ((h ~ d) * FNV_PRIME) & MASK
    i = i + 4
  end
  while i <= n do
    h = ((h ~ byte(s, i)) * FNV_PRIME) & MASK
    i = i + 1
  end
  return h
end

-- MurmurHash3's 32-bit finaliser. Lua 5.3 integers are 64-bit: the low 32 bits of a
-- wrapped product are exact, so masking gives the unsigned 32-bit result.
local function fmix32(h)
  h = h ~ (h >> 16)
  h = (h * 0x85ebca6b) & MASK
  h = h ~ (h >> 13)
  h = (h * 0xc2b2ae35) & MASK
  h = h ~ (h >> 16)
  return h
end

local function seed_state(seed)
  return ((fnv(FNV_OFFSET, seed) ~ 0x3a) * FNV_PRIME) & MASK
end

local function secondary_draw(bucket)
  return fmix32((bucket ~ 0x9e3779b9) & MASK)
end

local NO_SHADOW = {}

-- The first arm whose range [s, e) holds the bucket, or nil (the champion's).
local function arm_of(t, bucket)
  local arms = t.arms
  for i = 1, #arms do
    local arm = arms[i]
    if bucket >= arm.s and bucket < arm.e then return arm.target end
  end
  return nil
end

-- Assignment of a unit id (bytes) under a parsed table: target, bucket, reason, shadow targets.
local function assign(t, unit)
  local pinned = t.overrides[unit]
  if pinned ~= nil then return pinned, -1, "override", NO_SHADOW end
  local bucket = fmix32(fnv(t.seed_state, unit))
  local arm = arm_of(t, bucket)
  if arm ~= nil then return arm, bucket, "split", NO_SHADOW end
  local arms = t.arms
  local shadow = NO_SHADOW
  local shadows = t.shadows
  if #shadows > 0 then
    local draw = secondary_draw(bucket)
    for i = 1, #shadows do
      if draw < shadows[i].threshold then
        if shadow == NO_SHADOW then shadow = {} end
        shadow[#shadow + 1] = shadows[i].target
      end
    end
  end
  return t.champion, bucket, (#arms > 0) and "split" or "default", shadow
end

-- ---- the routing table --------------------------------------------------------

local function unhex(h)
  return (h:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end))
end

local function words(line)
  local out = {}
  for w in line:gmatch("%S+") do out[#out + 1] = w end
  return out
end

local function integer(text, what)
  local n = math.tointeger(tonumber(text))
  if n == nil then error(what .. " is not an integer: " .. tostring(text)) end
  return n
end

-- Parses the table text (see src/proxy/table-format.ts); errors on anything malformed,
-- so a broken push never replaces a good table.
local function parse_table(lines, first)
  local t = { rev = -1, program = "", seed_state = seed_state(""), targets = {}, arms = {}, shadows = {}, overrides = {}, champion = nil }
  local i = first
  local complete = false
  while i <= #lines do
    local w = words(lines[i])
    i = i + 1
    local kind = w[1]
    if kind == "end" then complete = true; break
    elseif kind == "rev" then t.rev = integer(w[2], "rev")
    elseif kind == "program" then t.program = w[2] or ""
    elseif kind == "seed" then t.seed_state = seed_state(unhex(w[2] or ""))
    elseif kind == "target" then
      local version = integer(w[4], "version")
      t.targets[w[2]] = { alias = w[3], version = version, version_text = tostring(version), ip = w[5], port = integer(w[6], "port") }
    elseif kind == "champion" then t.champion = t.targets[w[2]]
    elseif kind == "arm" then
      local target = t.targets[w[4]]
      if target == nil then error("arm names an unknown target " .. tostring(w[4])) end
      t.arms[#t.arms + 1] = { s = integer(w[2], "arm start"), e = integer(w[3], "arm end"), target = target }
    elseif kind == "shadow" then
      local target = t.targets[w[3]]
      if target == nil then error("shadow names an unknown target " .. tostring(w[3])) end
      t.shadows[#t.shadows + 1] = { threshold = integer(w[2], "shadow threshold"), target = target }
    elseif kind == "override" then
      local target = t.targets[w[3]]
      if target == nil then error("override names an unknown target " .. tostring(w[3])) end
      t.overrides[unhex(w[2] or "")] = target
    elseif kind ~= nil and kind ~= "arena-table" then
      error("unknown line: " .. kind)
    end
  end
  if not complete then error("the table has no end line (truncated?)") end
  return t, i
end

-- Before the first push: the champion given by --default-upstream, if any (champion-only).
local function initial_table()
  local t = { rev = -1, program = S.program, seed_state = seed_state(""), targets = {}, arms = {}, shadows = {}, overrides = {}, champion = nil }
  if S.default_ip ~= nil then t.champion = { alias = "champion", version = S.default_version, version_text = tostring(S.default_version), ip = S.default_ip, port = S.default_port } end
  return t
end

local TABLE = initial_table()

-- Upstream slots: backends arena_slot_1..N (and their shadow-sending twins arena_slot_N_s), one
-- server each, written in haproxy.cfg.
-- A table's addresses are placed in slots (Server:set_addr), so each version has a
-- real server with its own pool of kept-alive connections; a slot the live table
-- still uses is never re-addressed.
local slot_addr = {}

local function slot_servers(i)
  return core.backends["arena_slot_" .. i].servers["s"], core.backends["arena_slot_" .. i .. "_s"].servers["s"]
end

local function used_slots(t)
  local used = {}
  for _, target in pairs(t.targets) do if target.slot then used[target.slot] = true end end
  if t.champion and t.champion.slot then used[t.champion.slot] = true end
  return used
end

-- Gives every target of `t` a slot (and backend name); errors when there are not enough.
local function place(t)
  local live = used_slots(TABLE)
  local claimed = {}
  local todo, listed = {}, {}
  for _, target in pairs(t.targets) do todo[#todo + 1] = target; listed[target] = true end
  if t.champion and not listed[t.champion] then todo[#todo + 1] = t.champion end
  local writes = {}
  for _, target in ipairs(todo) do
    local addr = target.ip .. ":" .. target.port
    local slot = nil
    for i = 1, S.slots do if slot_addr[i] == addr then slot = i; break end end
    if slot == nil then
      for i = 1, S.slots do
        if not live[i] and not claimed[i] and writes[i] == nil then slot = i; break end
      end
      if slot == nil then error("more distinct upstreams than the " .. S.slots .. " slots of this proxy (--slots)") end
      writes[slot] = target
    end
    claimed[slot] = true
    target.slot = slot
    -- version × 1000 first: haproxy.cfg adds the route to the status as an integer (a string
    -- variable is read as the number it starts with), so no rule has to compute it per request.
    -- A request with a shadow copy due goes to the slot's twin backend (arena_slot_N_s, same address),
    -- whose own rule runs the shadow action: the frontend tests nothing per request for it.
    local rest = ":" .. target.version .. ":" .. target.alias
    target.route = (target.version * 1000) .. ":arena_slot_" .. slot .. rest .. ":-"
    target.route_shadow = (target.version * 1000) .. ":arena_slot_" .. slot .. "_s" .. rest .. ":s"
    -- What the route cache holds per unit: built here, once per table, so a request allocates nothing.
    target.plain = { target = target, route = target.route }
    target.shadowed = { target = target, route = target.route_shadow }
  end
  for slot, target in pairs(writes) do
    local plain, twin = slot_servers(slot)
    plain:set_addr(target.ip, target.port)
    twin:set_addr(target.ip, target.port)
    slot_addr[slot] = target.ip .. ":" .. target.port
  end
end

core.register_init(function()
  if TABLE.champion ~= nil then place(TABLE) end
end)

-- ---- telemetry: 10-second windows per version, exposures -----------------------

local WINDOW_MS = 10000
-- windows[version][window start] = { requests, errors, n, sum, squares, zero, bins }
local windows = {}
local window_count = 0
-- Exposures: parallel arrays, hex-encoded only at drain time (nothing allocated per request but the entry).
local exp_units, exp_aliases, exp_versions, exp_times = {}, {}, {}, {}
local exp_head = 1 -- the first exposure not yet drained
local exposure_seen = {}
local dropped = { windows = 0, exposures = 0, shadow = 0 }
local MULTIPLIER = S.sketch_multiplier
local MIN_POSSIBLE = S.sketch_min_possible
local log, ceil = math.log, math.ceil

-- core.now(): HAProxy's clock, µs resolution.
local function now_ms()
  local t = core.now()
  return t.sec * 1000 + t.usec / 1000
end


-- The window of `version` that starts at `start` (ms), made when missing; nil when the bound is reached.
-- requests and n are one counter (every answer has a latency): the drain writes it twice.
local function window_of(version, start)
  local by_start = windows[version]
  if by_start == nil then by_start = {}; windows[version] = by_start end
  local w = by_start[start]
  if w == nil then
    if window_count >= S.max_windows then return nil end
    w = { n = 0, errors = 0, sum = 0.0, squares = 0.0, zero = 0, bins = {} }
    by_start[start] = w
    window_count = window_count + 1
  end
  return w
end

-- One answer (shadow copies) of `version` with a latency in ms, into the window that starts at `start`.
local function observe(version, success, latency_ms, start)
  local w = window_of(version, start)
  if w == nil then dropped.windows = dropped.windows + 1; return end
  w.n = w.n + 1
  if not success then w.errors = w.errors + 1 end
  if latency_ms > MIN_POSSIBLE then
    w.sum = w.sum + latency_ms
    w.squares = w.squares + latency_ms * latency_ms
    local k = ceil(log(latency_ms, 2) * MULTIPLIER)
    w.bins[k] = (w.bins[k] or 0) + 1
  else
    w.zero = w.zero + 1
  end
end

-- Answers not folded yet, counted by their packed integer, (version × 1000 + status) × 2^32 +
-- latency µs: the hot path does one table lookup and one store per answer, and the folding (log,
-- floats, window tables) runs once per distinct integer — at a drain, when the window changes,
-- or when S.max_answer_keys distinct integers are waiting (memory stays bounded). The latency is
-- in the low bits because Lua 5.3 hashes an integer key by its low bits: with the version there,
-- every key of a version would share one hash chain.
local answers, answer_keys = {}, 0
-- Start (ms) of the window the waiting answers belong to: the window of the latest routed request
-- (arena_assign keeps it), so each answer is counted in a window between its request's start and its end.
local answers_start = -1

local folded = { answers = 0, keys = 0 } -- since the last drain: how much the counting saved

-- Sketch key of each latency (µs) met, so one seen again costs a lookup instead of log and ceil.
local KEY_MEMO_MAX = 100000
local key_memo, key_memo_size = {}, 0

-- Inlined, one pass: at full speed it runs once per distinct integer, but a slow or spread-out
-- build can make most answers distinct, and then this loop is the cost per answer.
local function fold_answers()
  local waiting, start = answers, answers_start
  folded.keys = folded.keys + answer_keys
  answers, answer_keys = {}, 0
  local of_version = {} -- version → its window (false: the window bound was reached)
  local total = 0
  for packed, count in pairs(waiting) do
    total = total + count
    -- Latencies in [-2^31, 2^31) µs; a negative one (clock step) counts as zero, as before.
    local vs = (packed + 0x80000000) // 4294967296
    local version = vs // 1000
    local w = of_version[version]
    if w == nil then
      w = window_of(version, start) or false
      of_version[version] = w
    end
    if w then
      w.n = w.n + count
      local code = vs % 1000
      if code == 0 or code >= 500 then w.errors = w.errors + count end
      local us = packed - vs * 4294967296
      if us > 0 then
        local ms = us / 1000
        w.sum = w.sum + ms * count
        w.squares = w.squares + ms * ms * count
        local k = key_memo[us]
        if k == nil then
          if key_memo_size >= KEY_MEMO_MAX then key_memo, key_memo_size = {}, 0 end
          k = ceil(log(ms, 2) * MULTIPLIER)
          key_memo[us], key_memo_size = k, key_memo_size + 1
        end
        local bins = w.bins
        bins[k] = (bins[k] or 0) + count
      else
        w.zero = w.zero + count
      end
    else
      dropped.windows = dropped.windows + count
    end
  end
  folded.answers = folded.answers + total
end

local current_second = -1

-- Once per second of HAProxy's clock, from the request path: a new window folds the waiting
-- answers into theirs and starts a new set of exposures.
local function new_second(now)
  current_second = now
  local start = now * 1000 - (now * 1000) % WINDOW_MS
  if start == answers_start then return end
  if answer_keys > 0 then fold_answers() end
  answers_start = start
  exposure_seen = {}
end

-- One exposure per unit and version per 10-second window: the SDK records one per
-- resolve, but a proxy sees every request of a chatty client.
local function expose(unit, alias, version, at_ms)
  local n = #exp_units
  if n - exp_head + 1 >= S.max_exposures then dropped.exposures = dropped.exposures + 1; return end
  exposure_seen[unit] = version
  exp_units[n + 1], exp_aliases[n + 1], exp_versions[n + 1], exp_times[n + 1] = unit, alias, version, at_ms
end

local HEX = {}
for b = 0, 255 do HEX[string.char(b)] = string.format("%02x", b) end

-- Takes the windows and up to S.drain_exposures exposures; says "more" when some are left,
-- so a burst (every unit seen again at a window boundary) leaves in several small drains
-- instead of one that holds the Lua lock (or the only thread) for long.
local function drain()
  if answer_keys > 0 then fold_answers() end
  local ws, d = windows, dropped
  windows, window_count = {}, 0
  dropped = { windows = 0, exposures = 0, shadow = 0 }
  local out = { "arena-telemetry 1" }
  for version, by_start in pairs(ws) do
    for start, w in pairs(by_start) do
      local bins = {}
      for k, c in pairs(w.bins) do bins[#bins + 1] = string.format("%d:%d", k, c) end
      out[#out + 1] = string.format("w %d %d %d %d %d %.17g %.17g %d %s", version, start, w.n, w.errors, w.n, w.sum, w.squares, w.zero, (#bins > 0) and table.concat(bins, ",") or "-")
    end
  end
  local gsub, find = string.gsub, string.find
  local units, aliases, versions, times = exp_units, exp_aliases, exp_versions, exp_times
  local last = math.min(#units, exp_head + S.drain_exposures - 1)
  for i = exp_head, last do
    local unit = units[i]
    units[i] = false -- keeps the array dense for #, releases the string
    -- Plain ids go as they are ("E"); anything with spaces, controls or non-ASCII bytes in hex ("e").
    -- One concatenation (versions and times are integers: no decimal point), not string.format.
    if find(unit, "[^%w%-%._~@:/+=]") == nil then
      out[#out + 1] = "E " .. unit .. " " .. aliases[i] .. " " .. versions[i] .. " " .. times[i]
    else
      out[#out + 1] = "e " .. (gsub(unit, ".", HEX)) .. " " .. aliases[i] .. " " .. versions[i] .. " " .. times[i]
    end
  end
  if last >= #units then
    exp_units, exp_aliases, exp_versions, exp_times, exp_head = {}, {}, {}, {}, 1
  else
    exp_head = last + 1
    out[#out + 1] = "more"
  end
  out[#out + 1] = string.format("d %d %d %d", d.windows, d.exposures, d.shadow)
  out[#out + 1] = string.format("f %d %d", folded.answers, folded.keys)
  folded = { answers = 0, keys = 0 }
  out[#out + 1] = "end"
  return table.concat(out, "\n") .. "\n"
end

-- ---- shadow ---------------------------------------------------------------------

-- Methods core.httpclient can send in HAProxy 2.6.
local SHADOW_METHODS = { GET = "get", HEAD = "head", PUT = "put", POST = "post", DELETE = "delete" }
local HOP_BY_HOP = { connection = true, ["keep-alive"] = true, ["transfer-encoding"] = true, te = true, upgrade = true, ["content-length"] = true, ["proxy-connection"] = true }
local shadow_inflight = 0

local function send_shadow(target, method, path, headers, body)
  if shadow_inflight >= S.max_shadow_inflight then dropped.shadow = dropped.shadow + 1; return end
  shadow_inflight = shadow_inflight + 1
  core.register_task(function()
    local t0 = now_ms()
    local ok, res = pcall(function()
      local client = core.httpclient()
      return client[method](client, { url = "http://" .. target.ip .. ":" .. target.port .. path, headers = headers, body = body, timeout = S.shadow_timeout_ms })
    end)
    local status = ok and res ~= nil and tonumber(res.status) or 0
    local t1 = now_ms()
    local at = math.floor(t1)
    observe(target.version, status ~= nil and status > 0 and status < 500, t1 - t0, at - at % WINDOW_MS)
    shadow_inflight = shadow_inflight - 1
  end)
end

local function shadow_request(txn, targets)
  local method = SHADOW_METHODS[txn.sf:method()]
  if method == nil then return end
  local headers = {}
  for name, values in pairs(txn.http:req_get_headers()) do
    if not HOP_BY_HOP[name] then
      local list = {}
      for i = 0, #values do if values[i] ~= nil then list[#list + 1] = values[i] end end
      headers[name] = list
    end
  end
  headers["x-arena-shadow"] = { "1" }
  local body = txn.sf:req_body()
  if body == "" then body = nil end
  local path = txn.sf:pathq() or txn.sf:path()
  local named = S.version_header
  for i = 1, #targets do
    local own = headers
    if named ~= nil then
      -- The copy names its own version, not the one that answers the client.
      own = {}
      for k, v in pairs(headers) do own[k] = v end
      own[named] = { targets[i].version_text }
    end
    send_shadow(targets[i], method, path, own, body)
  end
end

-- ---- the request path -------------------------------------------------------------
-- Converters, not actions: HAProxy runs a converter without the coroutine an action
-- needs, which halves the cost of Lua per request. haproxy.cfg finds the unit (key
-- header or cookie, else the sticky cookie, else a new uuid), and does the rest natively.

-- Route of each unit seen under the live table (assign is a pure function of table and unit),
-- so a returning unit costs one lookup instead of a hash; dropped with the table it was
-- computed from, and emptied when it reaches ROUTE_CACHE_MAX units (memory stays bounded).
local ROUTE_CACHE_MAX = 100000
local route_cache, route_cache_table, route_cache_size = {}, nil, 0

local function route_of(unit)
  local t = TABLE
  if route_cache_table ~= t or route_cache_size >= ROUTE_CACHE_MAX then
    route_cache, route_cache_table, route_cache_size = {}, t, 0
  end
  local entry = route_cache[unit]
  if entry ~= nil then return entry end
  local target, _, _, shadow = assign(t, unit)
  if target == nil or target.plain == nil then return nil end
  entry = (#shadow > 0) and target.shadowed or target.plain
  route_cache[unit] = entry
  route_cache_size = route_cache_size + 1
  return entry
end

local time = os.time

-- unit → "version×1000:backend:version:alias:s" (s: a shadow copy is due; "-" otherwise),
-- or NONE_ROUTE when there is no version to serve (haproxy.cfg's arena_none backend answers 503,
-- untimed, so it is counted nowhere).
local NONE_ROUTE = "0:arena_none:0:none:-"
core.register_converters("arena_assign", function(unit)
  local entry = route_of(unit)
  if entry == nil then return NONE_ROUTE end
  local now = time()
  if now ~= current_second then new_second(now) end
  local target = entry.target
  if exposure_seen[unit] ~= target.version then expose(unit, target.alias, target.version, now * 1000) end  -- an integer: %d formats it
  return entry.route
end)

-- From http-after-response, so it also sees the proxy's own 502/503/504 answers: one integer,
-- (version × 1000 + status) × 2^32 + latency µs, packed by native converters (no string to
-- build or parse), counted as it is (fold_answers does the rest, once per distinct integer).
local function record(packed)
  local count = answers[packed]
  if count ~= nil then
    answers[packed] = count + 1
    return true
  end
  if answer_keys >= S.max_answer_keys then fold_answers() end
  answers[packed] = 1
  answer_keys = answer_keys + 1
  return true
end

core.register_converters("arena_record", record)

-- Only run when arena_assign said a shadow copy is due.
core.register_action("arena_shadow", { "http-req" }, function(txn)
  local unit = txn:get_var("txn.arena_unit")
  if unit == nil then return end
  local _, _, _, shadow = assign(TABLE, unit)
  if #shadow > 0 then shadow_request(txn, shadow) end
end)

-- ---- the admin service (127.0.0.1 only, and a shared secret) --------------------------

local function lines_of(text)
  local out = {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do out[#out + 1] = line end
  return out
end

-- Conformance: evaluates unit ids and draws against tables given in the body, never the live one.
local function evaluate(body)
  local lines = lines_of(body)
  local out = {}
  local t = nil
  local i = 1
  while i <= #lines do
    local w = words(lines[i])
    if w[1] == "arena-table" then
      t, i = parse_table(lines, i)
    else
      i = i + 1
      if w[1] == "unit" then
        local target, bucket, reason, shadow = assign(t, unhex(w[2] or ""))
        local names = {}
        for j = 1, #shadow do names[#names + 1] = shadow[j].alias end
        out[#out + 1] = string.format("%s %d %s %s", target and target.alias or "-", bucket, reason, (#names > 0) and table.concat(names, ",") or "-")
      elseif w[1] == "bucket" then
        local target = arm_of(t, integer(w[2], "bucket")) or t.champion
        out[#out + 1] = target and target.alias or "-"
      elseif w[1] == "draw" then
        out[#out + 1] = tostring(secondary_draw(integer(w[2], "bucket")))
      elseif w[1] == "key" then
        local v = tonumber(w[2])
        out[#out + 1] = tostring(math.ceil(math.log(v, 2) * MULTIPLIER))
      end
    end
  end
  return table.concat(out, "\n") .. "\n"
end

local function reply(applet, status, text)
  applet:set_status(status)
  applet:add_header("content-type", "text/plain")
  applet:add_header("content-length", tostring(#text))
  applet:start_response()
  applet:send(text)
end

core.register_service("arena_admin", "http", function(applet)
  if applet.headers["x-arena-proxy-secret"] == nil or applet.headers["x-arena-proxy-secret"][0] ~= S.secret then
    return reply(applet, 401, "missing or wrong x-arena-proxy-secret\n")
  end
  local length = tonumber(applet.headers["content-length"] and applet.headers["content-length"][0] or "0") or 0
  -- receive() without a size reads to the end of the body; with a size, HAProxy 2.6 may hand back less, or nothing.
  local body = length > 0 and applet:receive() or ""
  local path, method = applet.path, applet.method
  if path == "/arena/table" and method == "PUT" then
    local ok, parsed = pcall(parse_table, lines_of(body), 1)
    if not ok then return reply(applet, 400, "table refused: " .. tostring(parsed) .. "\n") end
    local placed, why = pcall(place, parsed)
    if not placed then return reply(applet, 400, "table refused: " .. tostring(why) .. "\n") end
    TABLE = parsed
    return reply(applet, 200, "ok " .. parsed.rev .. "\n")
  elseif path == "/arena/drain" and method == "POST" then
    return reply(applet, 200, drain())
  elseif path == "/arena/record" and method == "POST" then
    -- Tests: counts packed answers (one integer a line) exactly as the converter does.
    new_second(time())
    for _, line in ipairs(lines_of(body)) do
      if line ~= "" then record(integer(line, "answer")) end
    end
    return reply(applet, 200, "ok\n")
  elseif path == "/arena/evaluate" and method == "POST" then
    local ok, text = pcall(evaluate, body)
    if not ok then return reply(applet, 400, "evaluate failed: " .. tostring(text) .. "\n") end
    return reply(applet, 200, text)
  elseif path == "/arena/status" and method == "GET" then
    return reply(applet, 200, string.format("rev %d\nchampion %s\narms %d\nshadows %d\nshadow_inflight %d\n", TABLE.rev, TABLE.champion and TABLE.champion.version or "-", #TABLE.arms, #TABLE.shadows, shadow_inflight))
  end
  return reply(applet, 404, "no such admin route\n")
end)
