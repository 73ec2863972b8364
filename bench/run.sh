#!/usr/bin/env bash
# Builds in Release and runs every figure of issue 7; prints the table and writes bench/results/latest.json.
#   bench/run.sh            the issue's N (1,000 and 10,000 SMCs), about 10 minutes on 2 cores
#   bench/run.sh --quick    N scaled down (100 and 1,000), a smoke run of a few minutes
#   bench/run.sh --only render|operator|first-write   one half only, or figure 9 alone
set -euo pipefail
cd "$(dirname "$0")/.."
# The operator runs as its own process (its RSS and start-up are measured) and smc is timed, both
# published as they ship (bench/publish.sh: both NativeAOT binaries, the operator as in the Dockerfile).
bench/publish.sh artifacts/bench
dotnet build bench/MultusConfig.Benchmarks -c Release -nologo -v quiet

# smc validate of one file, wall time of the native binary (issue 13: <= 30 ms); median of 21 runs,
# with the start-up of /bin/true measured the same way as the same-run floor.
median_ms() {
  for _ in $(seq 21); do
    local s e; s=${EPOCHREALTIME/./}; "$@" >/dev/null 2>&1; e=${EPOCHREALTIME/./}; echo $(( e - s ))
  done | sort -n | sed -n 11p | awk '{ printf "%.1f", $1 / 1000 }'
}
echo "smc validate -f examples/e01-macvlan.yaml: $(median_ms artifacts/bench/smc validate -f examples/e01-macvlan.yaml) ms" \
  "(median of 21; /bin/true $(median_ms /bin/true) ms; target <= 30 ms; load average $(cut -d' ' -f1 /proc/loadavg))"
exec dotnet bench/MultusConfig.Benchmarks/bin/Release/net10.0/MultusConfig.Benchmarks.dll "$@"
