-- wrk script of the ingestion benchmark (IngestionBench.cs): many visitors at once, each posting the
-- /record batches of one recorded visit in order, as an SDK does, then starting a new replay. Request n
-- of a thread belongs to visitor n % visitors, so one visitor's batches never overlap in time.
-- Arguments after "--": <data folder> <Authorization header> <path> <run id> <visitors>
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  dir, authorization, path, run, visitors = args[1], args[2], args[3], args[4], tonumber(args[5])
  batches, sent, bytes_sent = {}, 0, 0
  for line in io.lines(dir .. "/manifest.tsv") do
    local file, query = line:match("^([^\t]+)\t(.*)$")
    local f = assert(io.open(dir .. "/" .. file, "rb"))
    table.insert(batches, { query = query, body = f:read("*a") })
    f:close()
  end
  headers = { ["Authorization"] = authorization, ["Content-Type"] = "application/octet-stream" }
end

function request()
  local step = math.floor(sent / visitors)
  local replay = string.format("%s-%d-%d-%d", run, id, sent % visitors, math.floor(step / #batches))
  local batch = batches[step % #batches + 1]
  sent = sent + 1
  bytes_sent = bytes_sent + #batch.body
  local query = batch.query:gsub("{replay}", replay)
  return wrk.format("POST", path .. "?" .. query, headers, batch.body)
end

function done(summary, latency, requests)
  local bytes = 0
  for _, thread in ipairs(threads) do bytes = bytes + thread:get("bytes_sent") end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes_sent":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, bytes, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
