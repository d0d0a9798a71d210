#!/usr/bin/env bash
# Planted-site validation (docs/validation.md): the built-in CNN against a PWM scan of the same matrix.
# Usage: bench/validation.sh [MBP] [SEEDS] [MODEL.onnx] [SPACING]   (default: 4 Mbp of dm3 chr2R, seeds 7,8,9, the
# built-in model, a site every 2,000 bp). Needs python3-biopython.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish src/Cli -c Release --use-current-runtime -o "$work/bin" --nologo -v q >/dev/null
/usr/bin/python3 bench/validation.py "$work/bin/genomescan" ../shared/data/dm3_chr2R.fa.gz motifs/FOXO1_HUMAN.H11MO.0.A.pcm "${1:-4}" "${2:-7,8,9}" "${3:-}" "${4:-2000}"
