#!/usr/bin/env bash
# Repeats the SIGKILL leader-failover scenario (two real operator processes against the API server double,
# the leader killed mid-burst) for a duration and prints one summary line:
#   failover: requests=N faults_injected=N smcs_churned=N invariant_checks=N takeovers=N max_takeover_s=X failures=0
#   (faults_injected counts the SIGKILLs of the leader; smcs_churned the creates, updates and deletes)
#   bench/soak-failover.sh [SECONDS]     default 600, or MULTUS_CONFIG_SOAK_SECONDS
# Exits non-zero if any run failed (slow takeover, no convergence, or a write outside its writer's lease term).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${MULTUS_CONFIG_SOAK_SECONDS:-600}}"
report="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$report" "$log"' EXIT
dotnet build tests/MultusConfig.Operator.Tests -c Release -nologo -v quiet >"$log" 2>&1 || { cat "$log"; exit 1; }
status=0
MULTUS_CONFIG_SOAK_SECONDS="$seconds" MULTUS_CONFIG_SOAK_REPORT="$report" \
  dotnet test tests/MultusConfig.Operator.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Reliability.FailoverTests" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
if [[ -s "$report" ]]; then
  cat "$report"
else
  # The test stopped before its summary (e.g. a build or harness problem): show why.
  cat "$log"
  echo "failover: requests=0 faults_injected=0 smcs_churned=0 invariant_checks=0 takeovers=0 max_takeover_s=0 failures=1"
  exit 1
fi
[[ $status -eq 0 ]] || grep -E "run [0-9]+ failed" "$log" || true
exit "$status"
