#!/usr/bin/env bash
# Installs the offline `smc` command, and `kubectl-smc` beside it so that `kubectl smc render -f ...`
# works too (kubectl runs any `kubectl-NAME` on PATH as `kubectl NAME`).
#
#   hack/install-smc.sh [DIR]                 DIR defaults to ~/.local/bin
#   hack/install-smc.sh --from PUBLISHED [DIR]  installs an smc that bench/publish.sh already built
#
# On Linux x86-64 smc is the native binary bench/publish.sh builds (NativeAOT: one file, no .NET runtime
# needed to run it; building needs the .NET 10 SDK, clang and zlib1g-dev). Elsewhere, or without clang, it
# is published as one self-contained file instead (larger, slower to start, same behaviour).
set -euo pipefail

from=""
if [ "${1:-}" = --from ]; then
  [ $# -ge 2 ] || { echo "error: --from needs the folder bench/publish.sh wrote" >&2; exit 2; }
  from="$2"; shift 2
fi
[ $# -le 1 ] || { echo "usage: $0 [--from PUBLISHED] [DIR]" >&2; exit 2; }
dir="${1:-$HOME/.local/bin}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if [ -n "$from" ]; then
  [ -x "$from/smc" ] || { echo "error: $from/smc does not exist (run bench/publish.sh $from smc)" >&2; exit 2; }
  cp "$from/smc" "$out/smc"
else
  command -v dotnet >/dev/null || { echo "error: dotnet (the .NET 10 SDK) is needed to build smc" >&2; exit 2; }
  if [ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] && command -v clang >/dev/null && command -v objcopy >/dev/null; then
    "$root/bench/publish.sh" "$out" smc
  else
    case "$(uname -s)/$(uname -m)" in
      Linux/x86_64) rid=linux-x64 ;;
      Linux/aarch64 | Linux/arm64) rid=linux-arm64 ;;
      Darwin/x86_64) rid=osx-x64 ;;
      Darwin/arm64) rid=osx-arm64 ;;
      *) echo "error: no .NET runtime identifier known for $(uname -s)/$(uname -m)" >&2; exit 2 ;;
    esac
    echo "note: no clang here (or not Linux x86-64): smc is published as a self-contained single file, not native" >&2
    # The lock files cover what ships (linux-x64, NativeAOT); this local fallback for other platforms resolves
    # the same pinned versions (Directory.Packages.props) but may add runtime packages, so it is not locked.
    dotnet publish "$root/src/MultusConfig.Cli/MultusConfig.Cli.csproj" -c Release -r "$rid" --self-contained true \
      -p:PublishAot=false -p:RestoreLockedMode=false -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
      -o "$out" -nologo -v quiet
  fi
fi

mkdir -p "$dir"
install -m 0755 "$out/smc" "$dir/smc"
# A link, not a copy: one binary to update.
ln -sfn smc "$dir/kubectl-smc"
echo "installed $dir/smc and $dir/kubectl-smc"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) echo "note: $dir is not on PATH; add it with: export PATH=\"$dir:\$PATH\"" ;;
esac
