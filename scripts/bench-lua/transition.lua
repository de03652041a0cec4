-- POST /v1/tickets/{id}/transitions: classify each recorded ticket in $BENCH_IDS once (recorded → classified, the
-- first step of every ticket); the threads share the list out, and a thread stops when its share is done.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local ids
local threads = tonumber(os.getenv("BENCH_THREADS"))
local next_index
local body = '{"transition":"classify"}'

function init(args)
   ids = read_ids()
   next_index = thread_number
end

function request()
   if next_index > #ids then
      -- The share is done: one harmless read while the thread stops (a second classify would be a 409).
      wrk.thread:stop()
      return wrk.format("GET", "/v1/tickets/" .. ids[1])
   end
   local id = ids[next_index]
   next_index = next_index + threads
   return wrk.format("POST", "/v1/tickets/" .. id .. "/transitions", nil, body)
end
