#!/usr/bin/env bash
# The reliability soak of issue 8 (not part of CI): runs each scenario for its long variant and
# prints each one's counts line (requests, faults injected, SMCs churned, invariant checks, failures).
#   bench/soak.sh                 every scenario, 10 minutes each (about 35 minutes in all)
#   MULTUS_CONFIG_SOAK_SECONDS=120 bench/soak.sh   shorter
# Exit status is non-zero when any scenario failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export MULTUS_CONFIG_SOAK_SECONDS="${MULTUS_CONFIG_SOAK_SECONDS:-600}"
status=0
for part in faults failover webhook; do
  echo "== soak: $part (${MULTUS_CONFIG_SOAK_SECONDS} s)"
  if ! bash "bench/soak-$part.sh"; then
    echo "soak: $part FAILED"
    status=1
  fi
done
exit $status
