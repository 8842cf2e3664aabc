-- Shared by get.lua and post.lua: count responses by status in each thread, and print one
-- JSON line (BENCHJSON ...) in done() that benchmarks/common.py parses.
local threads = {}
statuses = {}
exhausted = 0

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total, ran_out = {}, 0
   for _, thread in ipairs(threads) do
      for code, n in pairs(thread:get("statuses") or {}) do
         total[code] = (total[code] or 0) + n
      end
      ran_out = ran_out + (thread:get("exhausted") or 0)
   end
   local codes = {}
   for code, n in pairs(total) do
      table.insert(codes, string.format('"%d": %d', code, n))
   end
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
         .. '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, '
         .. '"statuses": {%s}, "exhausted": %d}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
      e.timeout, latency:percentile(50), latency:percentile(99), table.concat(codes, ", "),
      ran_out))
end
