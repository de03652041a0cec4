-- POST /v1/tickets like create.lua, but each request for the next of the demo company's offices ($BENCH_OFFICES,
-- comma-separated) in turn: front desks of several offices recording at once. Creates of one office wait for each
-- other (gapless per-office daily numbers); creates of different offices do not.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local offices = {}
for office in string.gmatch(os.getenv("BENCH_OFFICES"), "[^,]+") do table.insert(offices, office) end
local run = os.getenv("BENCH_RUN")
local counter = 0

function request()
   counter = counter + 1
   local office = offices[(counter + thread_number) % #offices + 1]
   local body = '{"officeId":' .. office .. ',"source":"owner_call","category":"engineering",'
      .. '"urgency":"normal","serviceMode":"immediate","contactName":"张先生","contactPhone":"13800138000",'
      .. '"location":"3栋1201","content":"厨房水管漏水"}'
   local key = run .. "-" .. thread_number .. "-" .. counter
   return wrk.format("POST", "/v1/tickets", headers_with({["Idempotency-Key"] = key}), body)
end
