#!/usr/bin/env bash
# Installs the offline `smc` command, and `kubectl-smc` beside it so that `kubectl smc render -f ...`
# works too (kubectl runs any `kubectl-NAME` on PATH as `kubectl NAME`).
#
#   hack/install-smc.sh [DIR]      DIR defaults to ~/.local/bin
#
# Needs the .NET 10 SDK. Publishes src/MultusConfig.Cli as one self-contained executable (no .NET
# runtime needed to run it) for this machine's OS and architecture.
set -euo pipefail

dir="${1:-$HOME/.local/bin}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) rid=linux-x64 ;;
  Linux/aarch64 | Linux/arm64) rid=linux-arm64 ;;
  Darwin/x86_64) rid=osx-x64 ;;
  Darwin/arm64) rid=osx-arm64 ;;
  *) echo "error: no .NET runtime identifier known for $(uname -s)/$(uname -m)" >&2; exit 2 ;;
esac

command -v dotnet >/dev/null || { echo "error: dotnet (the .NET 10 SDK) is needed to build smc" >&2; exit 2; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet publish "$root/src/MultusConfig.Cli/MultusConfig.Cli.csproj" -c Release -r "$rid" --self-contained true \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
  -o "$out" -nologo -v quiet

mkdir -p "$dir"
install -m 0755 "$out/smc" "$dir/smc"
# A link, not a copy: one binary to update.
ln -sfn smc "$dir/kubectl-smc"
echo "installed $dir/smc and $dir/kubectl-smc"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) echo "note: $dir is not on PATH; add it with: export PATH=\"$dir:\$PATH\"" ;;
esac
