#!/usr/bin/env bash
# Runs the backend locally: Azurite as the embedded storage (data kept in .local/azurite) and the Azure Functions
# host from Azure Functions Core Tools v4, with the TH Bingen fund and an open rolling call seeded.
# Admin calls need a token: `node tools/dev-token.mjs token --platform-admin` prints one for this local instance.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

if ! command -v func >/dev/null 2>&1; then
  cat >&2 <<'MSG'
error: Azure Functions Core Tools v4 ('func') are not installed. Install them with one of:
  npm install --global azure-functions-core-tools@4 --unsafe-perm true
  https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools
then run this script again. (Tests do not need them: ./scripts/test.sh runs everything without the host.)
MSG
  exit 1
fi
for tool in dotnet node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: '$tool' is not on PATH (needs the .NET 10 SDK and Node.js 20+)." >&2; exit 1; }
done

if ! cmp -s tools/package-lock.json tools/node_modules/.installed-lock 2>/dev/null; then
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
  cp tools/package-lock.json tools/node_modules/.installed-lock
fi

settings="functions/MintFonds.Functions/local.settings.json"
if [ ! -f "$settings" ]; then
  cp local.settings.sample.json "$settings"
  echo "created $settings from local.settings.sample.json"
fi
node tools/dev-token.mjs init "$settings"

mkdir -p .local/azurite
node tools/node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --disableTelemetry \
  --location "$root/.local/azurite" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  > .local/azurite.log 2>&1 &
azurite_pid=$!
stop_azurite() {
  kill -TERM "$azurite_pid" 2>/dev/null || true
  sleep 2
  kill -KILL "$azurite_pid" 2>/dev/null || true
}
trap stop_azurite EXIT INT TERM
for port in 10000 10001 10002; do
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
  done
done
echo "Azurite running (pid $azurite_pid, log .local/azurite.log)"

cd functions/MintFonds.Functions
func start
