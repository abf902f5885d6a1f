-- Closed-loop load for wrk: cycles through a list of requests and reports one JSON line.
--
-- The list comes from the file named by BENCH_REQUESTS, one request a line, fields separated by
-- tabs: method, path, headers ("Name: value" joined by "|"), body. "{rev}" in a body and "{n}" in
-- a path become a number that grows with every request: saves newer than the last one, URLs
-- that no cache has seen.
-- Each response's status is counted and its X-Bench-Queries / X-Bench-Sql-Us headers summed.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

local function split(text, sep)
  local parts = {}
  local start = 1
  while true do
    local stop = string.find(text, sep, start, true)
    if not stop then
      table.insert(parts, string.sub(text, start))
      return parts
    end
    table.insert(parts, string.sub(text, start, stop - 1))
    start = stop + #sep
  end
end

local requests = {}
-- Grows with the harness's clock, so each run's numbers are above every earlier run's.
rev_base = tonumber(os.getenv("BENCH_REV_BASE") or "0")
local cursor = 0
local counter = 0
statuses = {}
queries = 0
sql_us = 0
counted = 0
stale = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if line ~= "" then
      local f = split(line, "\t")
      local headers = {}
      if f[3] and f[3] ~= "" then
        for _, item in ipairs(split(f[3], "|")) do
          local colon = string.find(item, ":", 1, true)
          headers[string.sub(item, 1, colon - 1)] = string.sub(item, colon + 2)
        end
      end
      table.insert(requests, { method = f[1], path = f[2], headers = headers, body = f[4] })
    end
  end
  -- Threads start at different places in the list.
  cursor = ((tid or 1) - 1) * 7919 % #requests
end

function request()
  cursor = cursor % #requests + 1
  counter = counter + 1
  local r = requests[cursor]
  local unique = string.format("%d", rev_base + counter * 64 + (tid or 1))
  local body = r.body
  if body and body ~= "" then
    body = string.gsub(body, "{rev}", unique)
  else
    body = nil
  end
  return wrk.format(r.method, string.gsub(r.path, "{n}", unique), r.headers, body)
end

function response(status, headers, body)
  -- A save the server did not apply (an older revision than it has): a cheaper answer.
  if body and string.find(body, '"applied":false', 1, true) then
    stale = stale + 1
  end
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local q = tonumber(headers["X-Bench-Queries"])
  if q then
    queries = queries + q
    sql_us = sql_us + (tonumber(headers["X-Bench-Sql-Us"]) or 0)
    counted = counted + 1
  end
end

function done(summary, latency, requests_)
  local merged = {}
  local q, s, n, old = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    for key, value in pairs(thread:get("statuses")) do
      merged[key] = (merged[key] or 0) + value
    end
    q = q + thread:get("queries")
    s = s + thread:get("sql_us")
    n = n + thread:get("counted")
    old = old + thread:get("stale")
  end
  local parts = {}
  for key, value in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', key, value))
  end
  local e = summary.errors
  io.write(string.format(
    '\nBENCH-JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d}, '
      .. '"statuses": {%s}, "queries": %d, "sql_us": %d, "counted": %d, "stale": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max,
    table.concat(parts, ", "), q, s, n, old
  ))
end
