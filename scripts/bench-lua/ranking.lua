-- GET /v1/rankings: every office's KPIs and ranks for the current month.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local path = "/v1/rankings?period=month&at=" .. os.getenv("BENCH_MONTH")

function request()
   return wrk.format("GET", path)
end
