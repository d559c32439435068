#!/usr/bin/env bash
# The embedded default: a complete local contact-center telemetry system on 127.0.0.1, no configuration.
#   - InfluxDB 1.x from Debian (the sink), started here with its data under .run/
#   - a Kafka-protocol broker (librdkafka's mock cluster: `callmetrics dev-broker`); it keeps only about
#     5 MB per partition and drops older records, so call-events gets one partition per 50 agents (at least 4)
#   - the simulator producing a contact center's canonical events to it (`callmetrics simulate --kafka`)
#   - the pipeline (`callmetrics run`): Kafka -> sessionize -> windows -> InfluxDB, wallboard/API on :8080
# Then prints live AHT and occupancy from InfluxDB every few seconds. Ctrl-C stops everything.
# Environment: DEMO_AGENTS (default 60), DEMO_SPEED (simulated seconds per second, default 60),
#              DEMO_SECONDS (stop after this many seconds; default: run until Ctrl-C),
#              INFLUX_PORT (default 8086), HTTP_PORT (default 8080).
set -euo pipefail
cd "$(dirname "$0")/.."

agents=${DEMO_AGENTS:-60}
speed=${DEMO_SPEED:-60}
influx_port=${INFLUX_PORT:-8086}
http_port=${HTTP_PORT:-8080}
run_dir=$PWD/.run
app=$PWD/src/CallMetrics/bin/Release/net10.0/callmetrics.dll

bash scripts/install-deps.sh --runtime-only
echo "Building..." >&2
dotnet build src/CallMetrics -c Release --nologo -v quiet >/dev/null

rm -rf "$run_dir"
mkdir -p "$run_dir/influx"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# InfluxDB 1.x on 127.0.0.1 only, data under .run/influx.
cat >"$run_dir/influx/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((influx_port + 2))"
[meta]
  dir = "$run_dir/influx/meta"
[data]
  dir = "$run_dir/influx/data"
  wal-dir = "$run_dir/influx/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
[logging]
  level = "warn"
CONF
influxd -config "$run_dir/influx/influxdb.conf" >"$run_dir/influxd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$influx_port/ping" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$influx_port/ping" >/dev/null || { echo "InfluxDB did not start: see $run_dir/influxd.log" >&2; exit 1; }

# The broker, with the topics the service reads and writes. The dev broker keeps about 5 MB per partition and
# drops older records (it warns in broker.log when it does): the simulated 10 h are about 5 KB per agent and
# hour of JSON, so one partition per 50 agents (at least 4) holds the whole day with room to spare.
partitions=$(( (agents + 49) / 50 ))
if [ "$partitions" -lt 4 ]; then partitions=4; fi
dotnet "$app" dev-broker --topic "call-events:$partitions" --topic call-events-dead-letter:1 --port-file "$run_dir/broker" >"$run_dir/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$run_dir/broker" ] && break; sleep 0.2; done
[ -s "$run_dir/broker" ] || { echo "The broker did not start: see $run_dir/broker.log" >&2; exit 1; }
bootstrap=$(cat "$run_dir/broker")

# The service.
CallMetrics__Kafka__BootstrapServers=$bootstrap \
CallMetrics__Influx__Url=http://127.0.0.1:$influx_port \
CallMetrics__Pipeline__StateDirectory=$run_dir/state \
  dotnet "$app" run --urls "http://127.0.0.1:$http_port" >"$run_dir/service.log" 2>&1 &
pids+=($!)

# The simulated contact center: today from 08:00 UTC, $speed times real time.
start=$(date -u +%Y-%m-%dT08:00:00Z)
dotnet "$app" simulate --kafka "$bootstrap" --topic call-events --agents "$agents" --teams 3 --queues 3 \
  --start "$start" --duration 10h --speed "$speed" --seed 7 >"$run_dir/simulator.log" 2>&1 &
pids+=($!)

cat <<INFO

CallMetrics demo is running (logs in .run/):
  broker      $bootstrap (Kafka protocol; topic call-events, $partitions partitions)
              in memory: it keeps about 5 MB per partition and drops older records (warnings in .run/broker.log)
  wallboard   http://127.0.0.1:$http_port/   (live JSON: /api/v1/live, stream: /api/v1/live/stream, /metrics)
  service     http://127.0.0.1:$http_port/healthz   http://127.0.0.1:$http_port/readyz
  InfluxDB    http://127.0.0.1:$influx_port  database callmetrics
  query       curl -G 'http://127.0.0.1:$influx_port/query' --data-urlencode db=callmetrics \\
                --data-urlencode "q=SELECT last(aht_s), last(occupancy) FROM team_metrics WHERE kind='rolling' GROUP BY team"
  simulated   $agents agents from $start at ${speed}x

INFO

query() {
  curl -fsG "http://127.0.0.1:$influx_port/query" --data-urlencode db=callmetrics --data-urlencode "epoch=s" --data-urlencode "q=$1" 2>/dev/null || true
}

deadline=$(( $(date +%s) + ${DEMO_SECONDS:-1000000000} ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  sleep 5
  result=$(query "SELECT aht_s, occupancy, handled FROM team_metrics WHERE kind='rolling' GROUP BY team ORDER BY time DESC LIMIT 1")
  python3 - "$result" <<'PY'
import json, sys, time
try:
    series = json.loads(sys.argv[1])["results"][0].get("series", [])
except Exception:
    series = []
if not series:
    print(time.strftime("%H:%M:%S"), "waiting for the first windows...")
for s in series:
    _, aht, occ, handled = s["values"][0]
    when = time.strftime("%H:%M", time.gmtime(s["values"][0][0]))
    aht_text = f"{aht:6.1f} s" if aht is not None else "    -   "
    occ_text = f"{occ*100:5.1f} %" if occ is not None else "   -   "
    print(f"{time.strftime('%H:%M:%S')}  team {s['tags']['team']:<8} rolling 15m at {when} UTC:  AHT {aht_text}   occupancy {occ_text}   handled {handled}")
PY
done
