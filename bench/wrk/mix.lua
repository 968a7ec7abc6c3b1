-- A mix of valid and invalid requests, in turn: token ok / token 400 / webhook ok /
-- webhook 401 (garbage token) / webhook 401 (tampered body) / unknown route 404.
-- Prints one SOAK line with the count of every status class for bench/soak.sh.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
  local body = f:read("*a")
  f:close()
  local auth = os.getenv("AUTH")
  local json = { ["Content-Type"] = "application/json" }
  local hook = { ["Content-Type"] = "application/webhook+json", ["Authorization"] = auth }
  local bad = { ["Content-Type"] = "application/webhook+json", ["Authorization"] = "garbage" }
  requests = {
    wrk.format("POST", "/token", json, '{"roomName":"soak","participantName":"p"}'),
    wrk.format("POST", "/token", json, '{"roomName":""}'),
    wrk.format("POST", "/webhook", hook, body),
    wrk.format("POST", "/webhook", bad, body),
    wrk.format("POST", "/webhook", hook, body .. " "),
    wrk.format("GET", "/nope", {}, nil),
  }
  n = 0
  c2, c4, c5, other = 0, 0, 0, 0
end

request = function()
  n = n % #requests + 1
  return requests[n]
end

response = function(status, headers, body)
  if status >= 500 then c5 = c5 + 1
  elseif status >= 400 then c4 = c4 + 1
  elseif status >= 200 and status < 300 then c2 = c2 + 1
  else other = other + 1 end
end

done = function(summary, latency, requests)
  local s2, s4, s5, so = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s2 = s2 + t:get("c2"); s4 = s4 + t:get("c4"); s5 = s5 + t:get("c5"); so = so + t:get("other")
  end
  local e = summary.errors
  io.write(string.format("SOAK requests=%d rps=%.0f 2xx=%d 4xx=%d 5xx=%d other=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), s2, s4, s5, so,
    e.connect + e.read + e.write + e.timeout))
end
