#!/usr/bin/env bash
# Side by side on this machine, in one run: builds BASE_REF (e.g. main) in a scratch worktree and this checkout,
# then runs the same benchmark stage against each, alternating, and prints one JSON object per run with its side.
#
#   benchmarks/scripts/compare-main.sh BASE_REF [STAGE [ARGS...]]
#
# STAGE is a CallMetrics.Benchmarks option (docs/PERFORMANCE.md "Reproduce"): --replay-full [BYTES RUNS] (default),
# --quick, --broker-full [EVENTS RUNS], --live-latency [SECONDS EVENTS_PER_S]. ROUNDS=N (default 1) repeats the pair.
set -euo pipefail

base=${1:?usage: compare-main.sh BASE_REF [STAGE [ARGS...]]}
shift
stage=("$@")
if [ ${#stage[@]} -eq 0 ]; then
  stage=(--replay-full)
fi

root=$(git rev-parse --show-toplevel)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/callmetrics-compare-XXXXXX")
cleanup() {
  git -C "$root" worktree remove --force "$scratch/base" >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT

git -C "$root" worktree add --detach "$scratch/base" "$base" >/dev/null
echo "building $base and $(git -C "$root" rev-parse --short HEAD) ..." >&2
for tree in "$scratch/base" "$root"; do
  dotnet build -c Release -nologo -v q "$tree/benchmarks/CallMetrics.Benchmarks" >&2
done

bench() { "$1/benchmarks/CallMetrics.Benchmarks/bin/Release/net10.0/CallMetrics.Benchmarks" "${stage[@]}"; }
for ((round = 1; round <= ${ROUNDS:-1}; round++)); do
  for side in base new; do
    tree=$([ "$side" = base ] && echo "$scratch/base" || echo "$root")
    echo "round $round: $side (${stage[*]}) ..." >&2
    printf '{"side": "%s", "ref": "%s", "round": %d, "result": ' "$side" "$(git -C "$tree" rev-parse --short HEAD)" "$round"
    bench "$tree" | tr -d '\n'
    printf '}\n'
  done
done
