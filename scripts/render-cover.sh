#!/usr/bin/env bash
# Renders the first page of a cover sheet to PNG so that a person can look at the layout.
#
#   scripts/render-cover.sh                       # example sheet (invented client) -> docs/cover-sheet.png
#   scripts/render-cover.sh OUT/2026-0142/cover-sheet.pdf [page.png]
#
# Needs pdftoppm (Debian: apt-get install poppler-utils). With no PDF given, the example sheet
# is produced by the ignored test `example_cover_sheet` in tests/render.rs; pass
# DOSSIER_EXAMPLE_LANGUAGE=en for the English sheet.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v pdftoppm >/dev/null || { echo "pdftoppm not found: apt-get install poppler-utils" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ $# -ge 1 ]]; then
    pdf=$1
    out=${2:-${pdf%.pdf}.png}
else
    pdf=$tmp/cover-sheet.pdf
    out=docs/cover-sheet.png
    DOSSIER_EXAMPLE_OUT=$pdf cargo test --quiet --test render -- --ignored --exact example_cover_sheet >/dev/null
fi

# 80 dpi keeps the committed example small while the text stays readable.
pdftoppm -png -r "${DPI:-80}" -f 1 -l 1 -singlefile "$pdf" "$tmp/page"
mv "$tmp/page.png" "$out"
echo "$out"
