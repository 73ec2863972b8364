#!/usr/bin/env bash
# Publishes the operator and smc exactly as they ship, into DIR, each as one native, self-contained file
# (NativeAOT, linux-x64): no .NET runtime needed on the machine or in the image that runs it.
#   DIR/smc                    the CLI
#   DIR/kubectl-smc            the same file (a hard link) under kubectl's plugin name: "kubectl smc render -f ..."
#   DIR/multus-config-operator the operator (the Dockerfile's binary)
#
#   bench/publish.sh DIR             both
#   bench/publish.sh DIR smc         the CLI only
#   bench/publish.sh DIR operator    the operator only
#
# NativeAOT links with clang and zlib (Debian: apt-get install clang zlib1g-dev; test.sh installs them).
# The bench (bench/run.sh), the process-level tests and the Dockerfile use these same flags.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# -eq 2 ] && [ "$2" != smc ] && [ "$2" != operator ]; }; then
  echo "usage: $0 DIR [smc|operator]" >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
what=${2:-all}
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

for tool in clang objcopy; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: NativeAOT needs $tool (apt-get install clang zlib1g-dev binutils)" >&2; exit 1; }
done
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The projects set PublishAot (not the command line: a global -p:PublishAot would flow into Core and change its
# locked package graph); the SDK brings the matching ILCompiler package. The stripped binaries are what ships;
# their debug symbols (*.dbg) stay in the staging folder.
if [ "$what" != operator ]; then
  dotnet publish src/MultusConfig.Cli/MultusConfig.Cli.csproj -c Release -nologo -v quiet -r linux-x64 -o "$stage/smc"
  rm -f "$out/smc" "$out/kubectl-smc"
  cp "$stage/smc/smc" "$out/smc"
  ln "$out/smc" "$out/kubectl-smc" 2>/dev/null || cp "$out/smc" "$out/kubectl-smc"
fi

if [ "$what" != smc ]; then
  dotnet publish src/MultusConfig.Operator/MultusConfig.Operator.csproj -c Release -nologo -v quiet -r linux-x64 -o "$stage/operator"
  # Earlier versions published a folder under this name (framework-dependent); it becomes one file.
  rm -rf "$out/multus-config-operator"
  cp "$stage/operator/multus-config-operator" "$out/multus-config-operator"
fi
