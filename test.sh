#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line: "N passed, N failed[, N skipped]".
# Installs what the tests need when it is missing (CNI plugins, iproute2, dnsmasq, and clang + zlib1g-dev for the
# NativeAOT smc and operator), so it works on a fresh machine.
set -uo pipefail
cd "$(dirname "$0")"

need_apt=()
[ -x /usr/lib/cni/macvlan ] || need_apt+=(containernetworking-plugins)
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
# The DHCP server of the dhcp IPAM test; dnsmasq-base is the binary without the package's system service.
[ -x /usr/sbin/dnsmasq ] || need_apt+=(dnsmasq-base)
command -v clang >/dev/null 2>&1 || need_apt+=(clang)
[ -f /usr/include/zlib.h ] || need_apt+=(zlib1g-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${need_apt[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}") >/dev/null 2>&1 \
      || echo "warning: could not install ${need_apt[*]}; tests that need them will fail" >&2
  else
    echo "warning: not root, cannot install ${need_apt[*]}" >&2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=TestResults
rm -rf "$results"

if ! dotnet build MultusConfig.slnx -c Release -nologo -v q; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The native smc and operator, published once as they ship (bench/publish.sh); the process-level tests run them.
publish=artifacts/test-publish
rm -rf "$publish"
bench/publish.sh "$publish" || echo "bench/publish.sh failed: the process-level tests will fail" >&2
export SMC_PUBLISH_DIR="$PWD/$publish" OPERATOR_PUBLISH_DIR="$PWD/$publish"

projects=$(find tests -name '*.Tests.csproj' | sort)
status=0
for p in $projects; do
  name=$(basename "$p" .csproj)
  echo "== $name"
  dotnet test "$p" -c Release --no-build --nologo -v q \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
  [ -f "$results/$name.trx" ] || { echo "$name produced no results (test host crashed?)"; missing=$(( ${missing:-0} + 1 )); }
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$line" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$(( passed + $(get passed) ))
  failed=$(( failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
  skipped=$(( skipped + $(get notExecuted) ))
done
failed=$(( failed + ${missing:-0} ))
[ "$failed" -gt 0 ] && status=1

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
exit $status
