#!/usr/bin/env bash
# Issue 15's validation (docs/validation.md): bench/variant_validation.py on dm3 chr2R with planted FOXO1 sites.
# Usage: bench/variant-validation.sh [PIECES]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish src/Cli -c Release --use-current-runtime -o "$work/bin" --nologo -v q >/dev/null
echo "### variants on planted sites, $(date -u +%Y-%m-%d)"
echo
/usr/bin/python3 bench/variant_validation.py "$work/bin/genomescan" ../shared/data/dm3_chr2R.fa.gz motifs/FOXO1_HUMAN.H11MO.0.A.pcm "$work" "${1:-10000}"
