#!/usr/bin/env bash
# The API-fault soak of the reliability issue: 2,000 SMCs churned for 600 s while the API server double
# fails requests at random, cuts watches, compacts its history, goes down for 10 s and answers slowly;
# every invariant must hold within 30 s after the faults stop. Prints the summary line
#   faults: requests=N faults_injected=N smcs_churned=N invariant_checks=N failures=N
# and exits non-zero when the scenario fails. Overrides: MULTUS_CONFIG_SOAK_SMCS, MULTUS_CONFIG_SOAK_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
export MULTUS_CONFIG_SOAK_SMCS="${MULTUS_CONFIG_SOAK_SMCS:-2000}"
export MULTUS_CONFIG_SOAK_SECONDS="${MULTUS_CONFIG_SOAK_SECONDS:-600}"
dotnet build tests/MultusConfig.Operator.Tests -c Release -nologo -v quiet
log="$(mktemp -t soak-faults.XXXXXX.log)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test tests/MultusConfig.Operator.Tests -c Release --no-build \
  --filter "FullyQualifiedName~Reliability.ApiFaultScenarioTests" \
  --logger "console;verbosity=normal" >"$log" 2>&1 || status=$?
# The test writes the summary line (and a detail line) to the console; the operator's own log lines are left out.
if ! grep -E '^ *(faults: requests=|smcs=[0-9]+ live=|convergence: )' "$log" | sed -E 's/^ +//'; then
  echo "faults: no summary line; the scenario did not finish (exit $status). Last lines:" >&2
  tail -n 40 "$log" >&2
fi
if [ "$status" -ne 0 ]; then
  grep -E -A 60 'Error Message' "$log" | grep -v '^ *at ' | head -n 60 >&2 || true
fi
exit "$status"
