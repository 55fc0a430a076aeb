#!/usr/bin/env bash
# Measures intake, receipt PDFs, start-up and the outbox relay (tools/Benchmark) against its own Azurite on free
# ports, prints the tables the README's "Performance" section shows and writes every number as JSON.
#   ./scripts/benchmark.sh                  full run (a few minutes), JSON to .local/benchmark/latest.json
#   ./scripts/benchmark.sh --smoke          the short run CI makes (well under a minute)
#   ./scripts/benchmark.sh --no-build ...   skip the build (test.sh has built the solution already)
#   ./scripts/benchmark.sh --out file.json  write the JSON elsewhere
# Needs the .NET 10 SDK and Node.js 20+; installs the pinned npm tools (Azurite) if they are missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done
if [[ " ${args[*]-} " != *" --out "* ]]; then
  mkdir -p .local/benchmark
  args+=(--out .local/benchmark/latest.json)
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ ! -f tools/node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --prefix tools --no-audit --no-fund --loglevel=error </dev/null
fi
if [ "$build" -eq 1 ]; then
  dotnet build tools/Benchmark/Benchmark.csproj -c Release --nologo -v quiet </dev/null
fi
exec dotnet tools/Benchmark/bin/Release/net10.0/Benchmark.dll "${args[@]}" </dev/null
