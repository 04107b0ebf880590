-- Every request asks for a different canonical URL (a distinct `since`, long before any article),
-- so none is served from the memo: each one is a first render of the full feed.
local counter = 0
local suffix = os.getenv("REELFEED_BENCH_SUFFIX") or ""
local base = os.getenv("REELFEED_BENCH_PATH") or "/feed.xml"
request = function()
  counter = counter + 1
  local n = counter
  local path = string.format("%s?since=%04d-%02d-%02dT%02d:%02d:%02dZ%s", base,
    1800 + n % 100, 1 + math.floor(n / 100) % 12, 1 + math.floor(n / 1200) % 28,
    math.floor(n / 33600) % 24, math.floor(n / 806400) % 60, math.floor(n / 48384000) % 60, suffix)
  return wrk.format("GET", path)
end
