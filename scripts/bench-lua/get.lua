-- GET /v1/tickets/{id}: one ticket with its clocks, going round the ids in $BENCH_IDS.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local ids
local counter = 0

function init(args)
   ids = read_ids()
end

function request()
   counter = counter + 1
   return wrk.format("GET", "/v1/tickets/" .. ids[(counter * 7 + thread_number) % #ids + 1])
end
