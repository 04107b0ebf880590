-- Every request asks for a different canonical URL, so none is served from the memo: each one is
-- a render of the full feed, its items already rendered in the isolate (as on a real miss).
-- A feed's `since` is cut at the latest article update at or before it, so only distinct updates
-- make distinct URLs: the benchmark writes them, one per line, to REELFEED_BENCH_SINCE_FILE (each
-- older than the 101 newest articles, so every page holds the same newest items). A corpus too
-- small for that (the 3 real articles) varies the origin instead (Host), which renders the items
-- anew too.
local counter = 0
local suffix = os.getenv("REELFEED_BENCH_SUFFIX") or ""
local base = os.getenv("REELFEED_BENCH_PATH") or "/feed.xml"
local since = {}
local file = os.getenv("REELFEED_BENCH_SINCE_FILE")
if file then
  for line in io.lines(file) do
    if line ~= "" then since[#since + 1] = line end
  end
end
request = function()
  counter = counter + 1
  if #since > 0 then
    local value = since[(counter % #since) + 1]
    return wrk.format("GET", string.format("%s?since=%s%s", base, value, suffix))
  end
  local path = suffix == "" and base or string.format("%s?%s", base, string.sub(suffix, 2))
  return wrk.format("GET", path, { Host = string.format("h%d.bench.invalid", counter) })
end
