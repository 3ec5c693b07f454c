-- wrk script: POST /validate, rotating through the request mix in src/bench/mix (order.txt gives the rotation).
-- Usage: wrk -t2 -c16 -d10s -s src/bench/wrk-mix.lua https://127.0.0.1:8443 -- src/bench/mix
-- At the end it prints one line "WRK_JSON {...}" (latencies in microseconds) for run.sh to read.

local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. path)
  local s = f:read("*a")
  f:close()
  return s
end

function init(args)
  local dir = args[1] or "src/bench/mix"
  requests = {}
  for name in io.lines(dir .. "/order.txt") do
    if name ~= "" then
      local body = read_file(dir .. "/" .. name .. ".json")
      table.insert(requests, wrk.format("POST", "/validate",
        {["Content-Type"] = "application/json", ["Accept"] = "application/json"}, body))
    end
  end
  idx = (offset or 0) * 5 % #requests
end

function request()
  idx = idx % #requests + 1
  return requests[idx]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "rps": %.1f, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
