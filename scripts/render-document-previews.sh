#!/usr/bin/env bash
# Renders the sample donation receipt, collective receipt, sponsoring invoice and quarterly sponsor report (tools/ReceiptPreview, sample TH
# Bingen data) and writes PNG previews of their pages to docs/. Run it after changing the layout or the wording in
# functions/MintFonds.Functions/Receipts/Wording/document-wording.de.json, then look at the pictures.
# Needs the .NET 10 SDK and pdftoppm (Debian/Ubuntu: apt-get install poppler-utils).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v pdftoppm >/dev/null 2>&1; then
  echo "error: pdftoppm is not on PATH. Install poppler-utils (apt-get install poppler-utils)." >&2
  exit 2
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet run --project tools/ReceiptPreview -c Release -- "$out" </dev/null

mkdir -p docs
page() { pdftoppm -png -r 100 -singlefile -f "$2" -l "$2" "$out/$1.pdf" "docs/$3"; echo "docs/$3.png"; }
page zuwendungsbestaetigung 1 zuwendungsbestaetigung
page sammelbestaetigung 1 sammelbestaetigung
page sammelbestaetigung 2 sammelbestaetigung-anlage
page sponsoring-rechnung 1 sponsoring-rechnung
# The sample quarterly sponsor report (Reports/SponsorReportPdf): every page.
pages="$(pdfinfo "$out/quartalsbericht.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
for n in $(seq 1 "${pages:-2}"); do page quartalsbericht "$n" "quartalsbericht-seite-$n"; done
