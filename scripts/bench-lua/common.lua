-- Shared by the wrk scripts of `scripts/bench api`: the bearer token, a thread number per thread, and the
-- result line (requests/s, p50/p99 latency in ms, errors) written as JSON to $BENCH_OUT.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
   thread:set("thread_number", #threads + 1)
   table.insert(threads, thread)
end

-- wrk.headers plus `extra` (wrk.format takes one table, not a merge).
function headers_with(extra)
   local headers = {}
   for name, value in pairs(wrk.headers) do headers[name] = value end
   for name, value in pairs(extra) do headers[name] = value end
   return headers
end

-- The ids listed one a line in the file $BENCH_IDS.
function read_ids()
   local ids = {}
   for line in io.lines(os.getenv("BENCH_IDS")) do table.insert(ids, line) end
   return ids
end

function done(summary, latency, requests)
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.status + e.timeout
   local seconds = summary.duration / 1e6
   local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
   out:write(string.format(
      '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p99_ms": %.2f, "errors": %d}\n',
      summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
   out:close()
end
