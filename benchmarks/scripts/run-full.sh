#!/usr/bin/env bash
# Every measurement behind docs/PERFORMANCE.md, in the order the doc uses them. Results go to OUT
# (default /tmp/callmetrics-perf-results); the plot is regenerated into docs/perf/. Takes ~25 min on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/tmp/callmetrics-perf-results}
mkdir -p "$OUT"
dotnet build -c Release benchmarks/CallMetrics.Benchmarks > "$OUT/build.log"
B=benchmarks/CallMetrics.Benchmarks/bin/Release/net10.0/CallMetrics.Benchmarks
uptime > "$OUT/load.txt"
"$B" --quick > "$OUT/quick.json"
"$B" --core-breakdown 10000 600000 > "$OUT/core-breakdown.json"
"$B" --decode-breakdown > "$OUT/decode-breakdown.json"
for s in "25000 50000" "50000 100000" "100000 200000"; do "$B" --state-memory $s; done > "$OUT/state-memory.jsonl"
"$B" --memory-growth 5000 800000 86400 > "$OUT/memory-growth-24h.json"
"$B" --memory-growth 5000 800000 120 > "$OUT/memory-growth-2m.json"
"$B" --replay-full > "$OUT/replay-full.json" 2> "$OUT/replay-full.log"
"$B" --scaling > "$OUT/scaling.json" 2> "$OUT/scaling.log"
"$B" --broker-full 1000000 3 > "$OUT/broker-full.json"
"$B" --live-latency 120 > "$OUT/live-latency.json"
"$B" --peers > "$OUT/peers.txt"
(cd benchmarks/CallMetrics.Benchmarks && dotnet run -c Release -- --filter '*' --job short --artifacts "$(cd ../.. && realpath "$OUT")/bdn") > "$OUT/bdn.log"
uptime >> "$OUT/load.txt"
cp "$OUT/scaling.json" docs/perf/scaling.json
python3 benchmarks/scripts/plot-scaling.py docs/perf/scaling.json docs/perf/scaling.svg
if command -v rsvg-convert > /dev/null; then rsvg-convert docs/perf/scaling.svg -o docs/perf/scaling.png; fi
echo "results in $OUT"
