-- POST /v1/tickets: a repair call, each request with its own Idempotency-Key (as a front desk client sends).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local body = '{"officeId":' .. os.getenv("BENCH_OFFICE") .. ',"source":"owner_call","category":"engineering",'
   .. '"urgency":"normal","serviceMode":"immediate","contactName":"张先生","contactPhone":"13800138000",'
   .. '"location":"3栋1201","content":"厨房水管漏水"}'
local run = os.getenv("BENCH_RUN")
local counter = 0

function request()
   counter = counter + 1
   local key = run .. "-" .. thread_number .. "-" .. counter
   return wrk.format("POST", "/v1/tickets", headers_with({["Idempotency-Key"] = key}), body)
end
