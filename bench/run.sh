#!/usr/bin/env bash
# Builds in Release and runs every figure of issue 7; prints the table and writes bench/results/latest.json.
#   bench/run.sh            the issue's N (1,000 and 10,000 SMCs), about 10 minutes on 2 cores
#   bench/run.sh --quick    N scaled down (100 and 1,000), a smoke run of a few minutes
#   bench/run.sh --only render|operator   one half only
set -euo pipefail
cd "$(dirname "$0")/.."
# The operator runs as its own process (its RSS and start-up are measured), published as the image
# ships it (ReadyToRun, see Dockerfile).
dotnet build src/MultusConfig.Operator -c Release -nologo -v quiet
rm -rf artifacts/bench-operator
dotnet publish src/MultusConfig.Operator -c Release -nologo -v quiet -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -p:UseAppHost=false -o artifacts/bench-operator
dotnet build bench/MultusConfig.Benchmarks -c Release -nologo -v quiet
exec dotnet bench/MultusConfig.Benchmarks/bin/Release/net10.0/MultusConfig.Benchmarks.dll "$@"
