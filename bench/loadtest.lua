-- wrk script for `make loadtest`: rotates over the board's pages, counts every non-2xx answer
-- (wrk itself only counts 4xx/5xx), and prints one RESULT line that bin/loadtest checks.
local paths = {}
for line in io.lines(os.getenv("LOADTEST_PATHS_FILE")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  non2xx = 0
  counter = id
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d errors=%d non2xx=%d p50_ms=%.1f p99_ms=%.1f rps=%.0f\n",
    summary.requests, errors, non2xx_total, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
