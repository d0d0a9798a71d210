#!/usr/bin/env bash
# Planted-site validation (docs/validation.md): the built-in CNN against a PWM scan of the same matrix.
# Usage: bench/validation.sh [MBP] [SEED] [MODEL.onnx] [SPACING]   (default: 4 Mbp of dm3 chr2R, seed 7, the built-in
# model, a site every 10,000 bp). Needs python3-biopython.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish src/Scanner -c Release -o "$work/bin" --nologo -v q >/dev/null
/usr/bin/python3 bench/validation.py "$work/bin/genomescan" ../shared/data/dm3_chr2R.fa.gz motifs/FOXO1_HUMAN.H11MO.0.A.pcm "${1:-4}" "${2:-7}" "${3:-}" "${4:-10000}"
