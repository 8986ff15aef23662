-- bench/rotate.lua - wrk script: GET a rotating list of paths, optionally
-- each with its own Cookie header, and print a JSON summary line.
--
--   wrk ... -s bench/rotate.lua URL -- PATHS_FILE [COOKIES_FILE]
--
-- PATHS_FILE has one path per line; COOKIES_FILE one Cookie header value
-- per line. With both, request i uses path i and cookie i (the shorter list
-- repeats). Requests are built once per thread; threads start at
-- different places in the lists.

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function lines(name)
  local t = {}
  for l in io.lines(name) do
    if l ~= "" then table.insert(t, l) end
  end
  return t
end

local reqs, n, i

function init(args)
  local paths = lines(args[1])
  local cookies = args[2] and lines(args[2]) or nil
  local count = math.max(#paths, cookies and #cookies or 0)
  reqs = {}
  for k = 1, count do
    local headers = {}
    if cookies then headers["Cookie"] = cookies[(k - 1) % #cookies + 1] end
    reqs[k] = wrk.format("GET", paths[(k - 1) % #paths + 1], headers)
  end
  n = #reqs
  i = (id or 0) * 7919 % n
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"bytes":%d,"avg_bytes":%.0f,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.bytes, summary.bytes / math.max(summary.requests, 1),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
