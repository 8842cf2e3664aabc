-- POST answers to prepared attempts, each question exactly once and strictly in order.
-- Each thread reads its own file (`<prefix>-<id>.tsv`, one "cookie<TAB>public id<TAB>questions
-- <TAB>body" line per attempt). Question 1 of every attempt is queued at the start; question
-- n + 1 of an attempt is queued only when the answer to question n has come back as a 303
-- (whose Location names the attempt and the question), so no two connections ever race on one
-- attempt and no question is sent before the one before it was recorded. With "htmx" after the
-- prefix, each answer is sent as htmx sends it (HX-Request) and comes back as the question's
-- feedback panel (200), whose HX-Push-Url names the attempt and the question.
dofile("stats.lua")

local by_id, queue, head, tail, last = {}, {}, 1, 0, nil

local function enqueue(attempt, position)
   tail = tail + 1
   queue[tail] = { attempt, position }
end

function init(args)
   local htmx = args[2] == "htmx"
   for line in io.lines(args[1] .. "-" .. id .. ".tsv") do
      local cookie, public_id, total, body = line:match("^([^\t]+)\t([^\t]+)\t(%d+)\t([^\t]+)$")
      local attempt = { total = tonumber(total), requests = {} }
      local headers = {
         ["Cookie"] = "session=" .. cookie,
         ["Content-Type"] = "application/x-www-form-urlencoded",
      }
      if htmx then
         headers["HX-Request"] = "true"
      end
      for position = 1, attempt.total do
         local path = "/attempts/" .. public_id .. "/questions/" .. position
         attempt.requests[position] = wrk.format("POST", path, headers, body)
      end
      by_id[public_id] = attempt
      enqueue(attempt, 1)
   end
end

function request()
   local item = queue[head]
   if item == nil then
      -- out of fresh questions: stop this thread and say so (the run is then repeated)
      exhausted = 1
      wrk.thread:stop()
      return last
   end
   queue[head] = nil
   head = head + 1
   last = item[1].requests[item[2]]
   return last
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   local location = headers["Location"] or headers["location"]
   if status == 200 then
      location = headers["HX-Push-Url"] or headers["hx-push-url"]
   end
   if (status == 303 or status == 200) and location then
      local public_id, position = location:match("/attempts/([^/?]+)/questions/(%d+)")
      local attempt = by_id[public_id]
      position = tonumber(position)
      if attempt and position and position < attempt.total then
         enqueue(attempt, position + 1)
      end
   end
end
