-- The soak's request mix: mostly polls of the feeds (as readers do), a fifth first renders for
-- distinct origins (each Host its own canonical URL and its own rendered items, to churn the memo
-- and item caches; distinct `since` values no longer do, since they are rounded to the articles'
-- own dates), some filtered feeds with varying limits, and pages. Counts 5xx responses per thread
-- and prints the total.
local person = os.getenv("REELFEED_SOAK_PERSON") or "joe-russo"
local film = os.getenv("REELFEED_SOAK_FILM") or "extraction"
local polls = {
  "/feed.xml", "/feed.atom", "/feed.json",
  "/feed/person/" .. person .. ".xml", "/feed/person/" .. person .. ".atom", "/feed/person/" .. person .. ".json",
  "/feed/film/" .. film .. ".xml", "/feed.json?person=" .. person .. "&film=" .. film,
}
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  fivexx = 0
end
function request()
  counter = counter + 1
  local n = counter * 7 + id * 1000003
  local r = counter % 10
  local path
  if r < 6 then
    path = polls[(counter % #polls) + 1]
  elseif r < 8 then
    return wrk.format("GET", "/feed.xml", { Host = string.format("s%d.soak.invalid", n) })
  elseif r == 8 then
    path = "/feed.json?limit=" .. (counter % 100 + 1) .. "&person=" .. person
  else
    path = "/people/" .. person
  end
  return wrk.format("GET", path)
end
function response(status, headers, body)
  if status >= 500 then fivexx = fivexx + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("fivexx") end
  io.write(string.format("5xx: %d\n", total))
end
