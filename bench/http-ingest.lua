-- wrk script of bench/http-ingest.sh: POSTs normalized inbound messages, each with its own platformMessageId,
-- message k of a thread going to conversation k mod N (thread key and customer), so N conversations grow side by side.
-- Arguments (after --): tag (unique per phase), N conversations, API key (or "-" for none).
-- done() prints one line "RESULT {json}" for the script to read.

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  tag = args[1] or "run"
  conversations = tonumber(args[2] or "1000")
  nthreads = tonumber(args[4] or "1")
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if args[3] and args[3] ~= "-" then wrk.headers["X-Api-Key"] = args[3] end
end

function request()
  counter = counter + 1
  local c = (counter * nthreads + tid) % conversations
  local body = string.format(
    '{"channel":"x","visibility":"public","platformMessageId":"%s-%d-%d","author":{"kind":"customer","id":"x:c%d"},' ..
    '"threadKey":"t-%d","text":"@acme my order %d never arrived and nobody answers","timestamp":"%s"}',
    tag, tid, counter, c, c, counter, os.date("!%Y-%m-%dT%H:%M:%SZ"))
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"non2xx":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
