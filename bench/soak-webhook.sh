#!/usr/bin/env bash
# Webhook soak: builds Release and runs the webhook fuzzer with 100,000 mutated AdmissionReviews
# (MULTUS_CONFIG_SOAK=1 also asserts p99 <= 20 ms for valid reviews sent during the fuzz).
#   bench/soak-webhook.sh                  the issue's 100,000 requests, seed 20261125
#   MULTUS_CONFIG_FUZZ_COUNT=20000 MULTUS_CONFIG_FUZZ_SEED=7 bench/soak-webhook.sh
# Prints the figures line: fuzz: requests=N 2xx=N 4xx=N 5xx=0 hangs=0 failures=0 valid_p99_ms=X
# and exits non-zero when the property or the latency bound fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export MULTUS_CONFIG_SOAK=1
export MULTUS_CONFIG_FUZZ_COUNT="${MULTUS_CONFIG_FUZZ_COUNT:-100000}"
dotnet build tests/MultusConfig.Operator.Tests -c Release -nologo -v quiet
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test tests/MultusConfig.Operator.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~MultusConfig.Operator.Tests.Reliability.WebhookFuzzTests" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
# The test prints its figures twice (test output and stdout); show each distinct line once.
grep -Eo 'fuzz: (requests|valid_requests)=.*' "$log" | sort -u || true
if [ "$status" -ne 0 ]; then
  grep -E 'Error Message|seed [0-9]+ \(set|->' -A2 "$log" | head -60 || true
  echo "soak-webhook: FAILED (exit $status)" >&2
fi
exit "$status"
