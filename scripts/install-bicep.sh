#!/usr/bin/env bash
# Installs the pinned Bicep CLI into tools/bin/bicep (idempotent, non-interactive).
#
# The CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (a self-contained binary), downloaded by
# restoring tools/bicep/Bicep.Cli.proj into tools/bicep/.packages (git-ignored). Needs only the .NET SDK and the
# NuGet feed; once downloaded, `bicep build` / `bicep lint` run offline.
#
# Usage: scripts/install-bicep.sh            install (or verify) the pinned version
#        FORCE=1 scripts/install-bicep.sh    re-restore and re-link even if the right version is present
set -euo pipefail

BICEP_VERSION="0.49.2"          # keep in sync with <BicepVersion> in tools/bicep/Bicep.Cli.proj
PACKAGE_ID="azure.bicep.commandline.linux-x64"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proj="$repo_root/tools/bicep/Bicep.Cli.proj"
packages_dir="$repo_root/tools/bicep/.packages"
bin_dir="$repo_root/tools/bin"
target="$bin_dir/bicep"
package_binary="$packages_dir/$PACKAGE_ID/$BICEP_VERSION/tools/bicep"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install-bicep: only linux-x64 is supported by this script (got $(uname -s)-$(uname -m))" >&2; exit 1 ;;
esac

installed_version() {
  # Prints e.g. "0.49.2" or nothing.
  "$1" --version 2>/dev/null | sed -n 's/^Bicep CLI version \([0-9][0-9.]*\).*/\1/p' | head -n 1
}

if [[ "${FORCE:-0}" != "1" && -x "$target" && "$(installed_version "$target")" == "$BICEP_VERSION" ]]; then
  echo "install-bicep: already installed: $("$target" --version)"
  exit 0
fi

if [[ "${FORCE:-0}" == "1" || ! -f "$package_binary" ]]; then
  command -v dotnet >/dev/null 2>&1 || { echo "install-bicep: the .NET SDK (dotnet) is required" >&2; exit 1; }
  echo "install-bicep: restoring $PACKAGE_ID $BICEP_VERSION into tools/bicep/.packages"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  dotnet restore "$proj" --packages "$packages_dir" --nologo --verbosity quiet </dev/null
fi

if [[ ! -f "$package_binary" ]]; then
  echo "install-bicep: expected binary not found after restore: $package_binary" >&2
  exit 1
fi

chmod +x "$package_binary"
mkdir -p "$bin_dir"
# Relative symlink: the tree stays relocatable and the 120 MB binary is not duplicated.
rm -f "$target"
ln -s "../bicep/.packages/$PACKAGE_ID/$BICEP_VERSION/tools/bicep" "$target"

actual="$(installed_version "$target")"
if [[ "$actual" != "$BICEP_VERSION" ]]; then
  echo "install-bicep: $target reports version '${actual:-?}', expected $BICEP_VERSION" >&2
  exit 1
fi
echo "install-bicep: installed $("$target" --version) at tools/bin/bicep"
