#!/usr/bin/env bash
# Installs the Debian packages CallMetrics needs beside the .NET SDK: the native Kafka client
# (librdkafka, which also contains the local Kafka-protocol broker used by the demo and the tests),
# InfluxDB 1.x and VictoriaMetrics (local time-series servers), and the tools the tests call.
# Idempotent: does nothing when everything is already there.
set -euo pipefail

# docker-compose (Compose v1) needs no Docker engine to validate docker/docker-compose.yml in the tests.
packages=(librdkafka1 librdkafka-dev influxdb victoria-metrics kcat chromium yamllint shellcheck docker-compose)
if [ "${1:-}" = "--runtime-only" ]; then
  packages=(librdkafka1 librdkafka-dev influxdb)
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
