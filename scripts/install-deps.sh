#!/usr/bin/env bash
# Installs the Debian packages CallMetrics needs beside the .NET SDK: InfluxDB 1.x and VictoriaMetrics
# (local time-series servers) and the tools the tests call. The Kafka client, librdkafka included (with
# the mock cluster behind `callmetrics dev-broker`), comes from NuGet (Confluent.Kafka + librdkafka.redist),
# not from Debian; kcat still pulls in Debian's librdkafka1 for itself, which the service never loads
# (src/CallMetrics/Kafka/KafkaNative.cs).
# Idempotent: does nothing when everything is already there.
set -euo pipefail

# docker-compose (Compose v1) needs no Docker engine to validate docker/docker-compose.yml in the tests.
packages=(influxdb victoria-metrics kcat chromium yamllint shellcheck docker-compose)
if [ "${1:-}" = "--runtime-only" ]; then
  packages=(influxdb)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
echo "Installing: ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
