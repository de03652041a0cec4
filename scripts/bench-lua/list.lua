-- GET /v1/tickets: a page of 50 of an office's open tickets.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local path = "/v1/tickets?officeId=" .. os.getenv("BENCH_OFFICE") .. "&state=recorded&state=dispatched&limit=50"

function request()
   return wrk.format("GET", path)
end
