-- bench/exam_load.lua - wrk script for the certification exams benchmark:
-- candidates' requests from a file made by bench/exam_gen.c, and a JSON
-- summary line that counts the answers by status.
--
--   wrk ... -s bench/exam_load.lua URL -- TSV NTHREADS [PATH]
--
-- A line of TSV is "METHOD<TAB>path<TAB>Header: value<TAB>body" (the body
-- may be empty). The lines are split between wrk's threads, each going
-- round its own part in order, so that consecutive requests are for
-- different attempts. With PATH, every request is a GET of PATH with the
-- line's header (nginx serving the same bytes gets the same requests, less
-- the body).

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local reqs, n, i
ok, redirects, others = 0, 0, 0

function init(args)
  local all = {}
  for l in io.lines(args[1]) do
    local method, path, header, body = l:match("^(%u+)\t([^\t]+)\t([^\t]*)\t?(.*)$")
    if method then table.insert(all, { method, path, header, body }) end
  end
  local nthreads = tonumber(args[2] or "1")
  local lo = math.floor(#all * id / nthreads) + 1
  local hi = math.floor(#all * (id + 1) / nthreads)
  reqs = {}
  for k = lo, hi do
    local x = all[k]
    local headers = {}
    local name, value = x[3]:match("^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
    if args[3] then
      reqs[#reqs + 1] = wrk.format("GET", args[3], headers)
    else
      if x[4] ~= "" then headers["Content-Type"] = "application/json" end
      reqs[#reqs + 1] = wrk.format(x[1], x[2], headers, x[4] ~= "" and x[4] or nil)
    end
  end
  n = #reqs
  i = 0
end

function request()
  i = i % n + 1
  return reqs[i]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1
  elseif status >= 300 and status < 400 then redirects = redirects + 1
  else others = others + 1 end
end

function done(summary, latency, requests)
  local o, r, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    r = r + t:get("redirects")
    x = x + t:get("others")
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"ok":%d,"ok_per_s":%.1f,"redirects":%d,' ..
    '"other_status":%d,"bytes":%d,"avg_bytes":%.0f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,' ..
    '"max_ms":%.3f,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, secs, summary.requests / secs, o, o / secs, r, x,
    summary.bytes, summary.bytes / math.max(summary.requests, 1),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
