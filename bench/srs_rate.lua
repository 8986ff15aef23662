-- bench/srs_rate.lua - wrk script: POST /api/v1/srs/reviews, one rating
-- per line of a file made by bench/srs_gen.c, and a JSON summary line that
-- counts the answers: 201 (a rating recorded), 200 (a repeat: the file was
-- used up and started again), anything else.
--
--   wrk ... -s bench/srs_rate.lua URL -- RATINGS_FILE
--
-- A line is "token<TAB>card_id<TAB>version<TAB>rating". The lines are split
-- between wrk's threads, each taking its own part in order, so that no
-- rating is sent twice before the file is used up.

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local reqs, n, i
created, repeats, others = 0, 0, 0

function init(args)
  local all = {}
  for l in io.lines(args[1]) do
    local token, card, version, rating = l:match("^(%S+)\t(%d+)\t(%d+)\t(%d+)$")
    if token then table.insert(all, { token, card, version, rating }) end
  end
  local nthreads = tonumber(args[2] or "1")
  local lo = math.floor(#all * id / nthreads) + 1
  local hi = math.floor(#all * (id + 1) / nthreads)
  reqs = {}
  for k = lo, hi do
    local x = all[k]
    reqs[#reqs + 1] = wrk.format("POST", "/api/v1/srs/reviews",
      { ["Authorization"] = "Bearer " .. x[1], ["Content-Type"] = "application/json" },
      string.format('{"card_id":%s,"rating":%s,"version":%s}', x[2], x[4], x[3]))
  end
  n = #reqs
  i = 0
end

function request()
  i = i % n + 1
  return reqs[i]
end

function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 200 then repeats = repeats + 1
  else others = others + 1 end
end

function done(summary, latency, requests)
  local c, r, o = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    r = r + t:get("repeats")
    o = o + t:get("others")
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"created":%d,"created_per_s":%.1f,"repeats":%d,' ..
    '"other_status":%d,"bytes":%d,"avg_bytes":%.0f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,' ..
    '"max_ms":%.3f,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, secs, summary.requests / secs, c, c / secs, r, o,
    summary.bytes, summary.bytes / math.max(summary.requests, 1),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
